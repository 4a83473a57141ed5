package dev.ep.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.core.io.ClassPathResource;

/**
 * The shared {@code ep-kafka.yml} resolved the way a service's Spring environment resolves it, against the given
 * environment variables only (never the machine's): what Spring Boot hands to every Kafka client as
 * {@code spring.kafka.properties.*}.
 */
final class SharedKafkaSettings {

  private static final String PREFIX = "spring.kafka.properties.";

  private SharedKafkaSettings() {
  }

  /** The {@code spring.kafka.properties.*} entries, prefix removed, as a service's serializer gets them. */
  static Map<String, Object> kafkaClientProperties(Map<String, Object> environmentVariables) {
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(new MapPropertySource("environment variables", environmentVariables));
    try {
      for (PropertySource<?> source : new YamlPropertySourceLoader().load("ep-kafka.yml",
          new ClassPathResource("ep-kafka.yml"))) {
        sources.addLast(source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PropertySourcesPropertyResolver resolver = new PropertySourcesPropertyResolver(sources);
    Map<String, Object> properties = new LinkedHashMap<>();
    for (PropertySource<?> source : sources) {
      if (source instanceof EnumerablePropertySource<?> enumerable) {
        for (String name : enumerable.getPropertyNames()) {
          if (name.startsWith(PREFIX) && !name.startsWith(PREFIX + "producer.")) {
            properties.putIfAbsent(name.substring(PREFIX.length()), resolver.getProperty(name));
          }
        }
      }
    }
    return properties;
  }
}
