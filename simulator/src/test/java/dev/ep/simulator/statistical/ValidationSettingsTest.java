package dev.ep.simulator.statistical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValidationSettingsTest {

    @Test
    void shouldUseTheIssuesDefaultsWithoutOptions() {
        ValidationSettings.CommandLine command = ValidationSettings.parse(new String[0]);

        assertThat(command.settings().experiments()).isEqualTo(10_000);
        assertThat(command.settings().alpha()).isEqualTo(0.05);
        assertThat(command.settings().defect()).isEqualTo(Defect.NONE);
        assertThat(command.output()).isNull();
    }

    @Test
    void shouldReadEveryOption() {
        ValidationSettings settings = ValidationSettings.parse(new String[] {"--experiments", "2000", "--seed", "9",
                "--batches", "10", "--units", "4000", "--alpha", "0.01", "--planted-runs", "0", "--planted-lift", "0.1",
                "--power", "0.9", "--threads", "3", "--defect", "biased_splitter", "--output", "x.md"}).settings();

        assertThat(settings).isEqualTo(new ValidationSettings(2000, 9, 10, 4000, 0.01, 0, 0.1, 0.9, 3,
                Defect.BIASED_SPLITTER));
    }

    @Test
    void shouldNameTheWrongOption() {
        assertThatThrownBy(() -> ValidationSettings.parse(new String[] {"--experiments", "0"}))
                .hasMessage("--experiments must be between 1 and 10000000");
        assertThatThrownBy(() -> ValidationSettings.parse(new String[] {"--alpha", "abc"}))
                .hasMessage("--alpha: not a number: abc");
        assertThatThrownBy(() -> ValidationSettings.parse(new String[] {"--defect", "SLOW"}))
                .hasMessageStartingWith("--defect: SLOW is not one of");
        assertThatThrownBy(() -> ValidationSettings.parse(new String[] {"--seed"}))
                .hasMessageStartingWith("--seed needs a value");
        assertThatThrownBy(() -> ValidationSettings.parse(new String[] {"--power", "0.01"}))
                .hasMessage("--power must be in (alpha, 1)");
    }
}
