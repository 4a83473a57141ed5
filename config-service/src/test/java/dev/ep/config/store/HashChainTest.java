package dev.ep.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class HashChainTest {

    static final Instant T = Instant.parse("2026-01-01T00:00:00.123Z");

    @Test
    void shouldGiveTheSameHashWhenTheContentIsTheSame() {
        assertThat(hash("{\"a\":1}", "because", "prev")).isEqualTo(hash("{\"a\":1}", "because", "prev"))
                .hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldChangeTheHashWhenAnyFieldChanges() {
        String base = hash("{\"a\":1}", "because", "prev");
        assertThat(hash("{\"a\":2}", "because", "prev")).isNotEqualTo(base);
        assertThat(hash("{\"a\":1}", "because!", "prev")).isNotEqualTo(base);
        assertThat(hash("{\"a\":1}", "because", "other")).isNotEqualTo(base);
        assertThat(HashChain.hash(2, "EXPERIMENT", "x", 1, "EXPERIMENT_PAUSED", "{\"a\":1}", "alice", "because", T,
                "prev")).isNotEqualTo(base);
    }

    @Test
    void shouldTellAnAbsentValueFromAnEmptyOneWhenEncoding() {
        assertThat(hash("{}", null, null)).isNotEqualTo(hash("{}", "", null)).isNotEqualTo(hash("{}", null, ""));
    }

    @Test
    void shouldNotConfuseFieldBoundariesWhenValuesContainSeparators() {
        String a = HashChain.hash(1, "EXPERIMENT", "x", 1, "T", "{}", "al\n5:ice", null, T, null);
        String b = HashChain.hash(1, "EXPERIMENT", "x", 1, "T", "{}", "al", "ice", T, null);
        assertThat(a).isNotEqualTo(b);
    }

    private static String hash(String payload, String reason, String previous) {
        return HashChain.hash(1, "EXPERIMENT", "x", 1, "EXPERIMENT_PAUSED", payload, "alice", reason, T, previous);
    }
}
