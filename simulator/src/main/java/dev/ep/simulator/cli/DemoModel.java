package dev.ep.simulator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The demo's model, copied from the jar to a temporary file so it runs through the same path as --model FILE. */
final class DemoModel {

    private DemoModel() {
    }

    static Path extract() {
        try (InputStream in = DemoModel.class.getResourceAsStream(Cli.DEMO_MODEL)) {
            if (in == null) {
                throw new IllegalStateException(Cli.DEMO_MODEL + " is not on the classpath");
            }
            Path file = Files.createTempFile("demo-shop", ".yaml");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
