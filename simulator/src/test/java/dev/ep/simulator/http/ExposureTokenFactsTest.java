package dev.ep.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.token.Exposure;
import dev.ep.assignment.token.ExposureTokens;
import dev.ep.assignment.token.TokenKey;
import dev.ep.assignment.core.UnitType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The phase and slot read from tokens issued by assignment-service's own {@link ExposureTokens}. */
class ExposureTokenFactsTest {

    static final ExposureTokens ISSUER = new ExposureTokens(TokenKey.of(new byte[32]), null, Duration.ofHours(1));

    static String token(int phase, Integer slot, boolean forced, long configVersion) {
        return ISSUER.issue(new Exposure("s-1", "u-1", "l-r", "x-r", 3, phase, "green", UnitType.USER, "u-1", 17,
                slot, forced, configVersion), Instant.now());
    }

    @Test
    void shouldReadThePhaseSlotAndVersionOfAnIssuedToken() {
        assertThat(ExposureTokenFacts.read(token(2, 4321, false, 58)))
                .contains(new ExposureTokenFacts(58, 2, 4321));
    }

    @Test
    void shouldReadNoSlotWhenTheDecisionWasForced() {
        assertThat(ExposureTokenFacts.read(token(1, null, true, 7))).contains(new ExposureTokenFacts(7, 1, null));
    }

    @Test
    void shouldReadNothingFromWhatIsNotAVersionOneToken() {
        assertThat(ExposureTokenFacts.read("TOKEN1")).isEmpty();
        assertThat(ExposureTokenFacts.read("")).isEmpty();
        assertThat(ExposureTokenFacts.read(null)).isEmpty();
        assertThat(ExposureTokenFacts.read("not base64 !")).isEmpty();
        assertThat(ExposureTokenFacts.read("A".repeat(5000))).isEmpty();
    }
}
