package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    @Test
    void shouldPrefixElapsedTimeAndAlignNameWhenPrintingAStep() {
        // given
        AtomicLong now = new AtomicLong(1_000_000_000L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);
        now.addAndGet(4_250_000_000L);

        // when
        console.step("kafka", "healthy after 3.1 s");

        // then
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("[   4.3s] kafka              healthy after 3.1 s" + System.lineSeparator());
    }
}
