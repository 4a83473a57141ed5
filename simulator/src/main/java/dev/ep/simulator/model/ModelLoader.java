package dev.ep.simulator.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads a model file (YAML, or JSON, which is YAML too); unknown fields are refused, so a typo is an error. */
public final class ModelLoader {

    /** The documented default shop on the classpath. */
    public static final String DEFAULT_RESOURCE = "/dev/ep/simulator/default-shop.yaml";

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES) // absent booleans are false, absent numbers 0 (then refused by the checks)
            .build();

    private ModelLoader() {
    }

    public static ShopModel defaultModel() {
        try (InputStream in = ModelLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new ModelException("the default model " + DEFAULT_RESOURCE + " is not on the classpath");
            }
            return read(in, DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new ModelException("cannot read the default model: " + e.getMessage(), e);
        }
    }

    public static ShopModel load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    public static ShopModel parse(String yaml) {
        return read(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "text");
    }

    private static ShopModel read(InputStream in, String source) {
        try {
            ShopModel model = MAPPER.readValue(in, ShopModel.class);
            if (model == null) {
                throw new ModelException(source + ": empty model");
            }
            return model;
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelException m) {
                throw new ModelException(source + ": " + m.getMessage(), m);
            }
            throw new ModelException(source + ": " + e.getOriginalMessage(), e);
        }
    }
}
