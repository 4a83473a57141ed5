package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepCausesAndDropStackFramesWhenLogEndsInAStackTrace() {
        // given
        String log = """
                INFO starting
                APPLICATION FAILED TO START
                java.lang.IllegalStateException: boom
                \tat a.B.c(B.java:1)
                \tat a.B.d(B.java:2)
                Caused by: java.net.BindException: Address already in use
                \t... 12 more
                \t... 3 common frames omitted
                """;

        // when
        var tail = LogTail.lastLines(log, 3);

        // then
        assertThat(tail).containsExactly("APPLICATION FAILED TO START", "java.lang.IllegalStateException: boom",
                "Caused by: java.net.BindException: Address already in use");
    }

    @Test
    void shouldReturnWholeLogWhenShorterThanRequested() throws Exception {
        // given
        Path file = dir.resolve("x.log");
        Files.writeString(file, "one\ntwo\n");

        // then
        assertThat(LogTail.lastLines(file, 40)).containsExactly("one", "two");
    }

    @Test
    void shouldReturnNothingWhenLogDoesNotExist() {
        assertThat(LogTail.lastLines(dir.resolve("missing.log"), 40)).isEmpty();
    }
}
