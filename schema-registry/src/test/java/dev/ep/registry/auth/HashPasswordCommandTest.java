package dev.ep.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashPasswordCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin) throws Exception {
        return HashPasswordCommand.run(new BufferedReader(new StringReader(stdin)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintAHashOfTheFirstLineWhenAPasswordIsPiped() throws Exception {
        // when
        int exit = run("correct horse:battery\nignored\n");

        // then
        assertThat(exit).isZero();
        PasswordHash hash = PasswordHash.parse(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(hash.iterations()).isEqualTo(PasswordHash.DEFAULT_ITERATIONS);
        assertThat(hash.matches("correct horse:battery")).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("correct horse");
    }

    @Test
    void shouldPrintUsageAndFailWhenNoPasswordIsGiven() throws Exception {
        assertThat(run("")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("hash-password");
        assertThat(out.size()).isZero();
    }
}
