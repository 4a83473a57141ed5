package dev.ep.testsupport;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps the in-process broker and PostgreSQL at WARN so test logs show the code under test. Applied directly to
 * Logback when it is the SLF4J backend; Spring Boot tests also get the same levels as defaults through
 * {@link QuietLoggingEnvironmentPostProcessor}, because Boot resets Logback when a context starts.
 */
final class QuietLogging {

    /** Logger names of the Kafka broker (and Kafka clients, whose INFO config dumps drown everything else). */
    static final List<String> LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky.test");

    private QuietLogging() {
    }

    static void apply() {
        if ("ch.qos.logback.classic.LoggerContext".equals(LoggerFactory.getILoggerFactory().getClass().getName())) {
            LogbackLevels.warn(LOGGERS);
        }
    }

    /** Only loaded when Logback is present: the dependency is optional. */
    private static final class LogbackLevels {

        static void warn(List<String> names) {
            ch.qos.logback.classic.LoggerContext context =
                    (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
            for (String name : names) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
        }
    }
}
