package dev.ep.assignment.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.assignment.core.UnitType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The per-thread signer behind {@link ExposureTokens#issue} (issue 13): the same tokens as the code before it, the
 * standard HMAC of label and payload, nothing left over from an earlier token, and no token mixed between threads.
 */
class TokenSignerTest {

    private static final byte[] LABEL = "test-label\0".getBytes(StandardCharsets.US_ASCII);
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00.123Z");

    @Test
    void shouldIssueTheSameTokensAsBeforeWhenTheSignerIsReused() {
        // given: three tokens issued by ExposureTokens before the signer existed (a fresh Mac update per token and a
        // new array per payload), 2026-12-01, with this key and these exposures
        ExposureTokens tokens = new ExposureTokens(goldenKey(), null, Duration.ofHours(24));
        Exposure a = new Exposure("s-1", "u:42@shop/x+y=", "checkout", "exp-\u00e9\ud83d\ude00", 3, 2, "green",
                UnitType.USER, "u:42@shop/x+y=", 4321, 17, false, 57L);
        Exposure b = new Exposure("s-1", null, "layer", "exp", 1, 0, "control", UnitType.SESSION, "s-1", 0, null, true,
                1L);
        Exposure c = new Exposure("sess", "u-1", "l", "e", 9, 1, "t", UnitType.UNKNOWN, "x-9", 9999, 9999, false,
                Long.MAX_VALUE);
        String goldenA = "AQAAAaIxDAF7AAABojYyXXsAAAAAAAAAOQAAAAMAAAACAAAQ4QAAABEKAQADcy0xAA51OjQyQHNob3AveCt5PQAKZXhwL"
                + "cOp8J-YgAAIY2hlY2tvdXQABWdyZWVuB7UsWCDhAQHqSu-UEYggYCcJQ7lI5QpBgbXxJyjANZU";
        String goldenB = "AQAAAaIxDAF7AAABojYyXXsAAAAAAAAAAQAAAAEAAAAAAAAAAP____8FAAADcy0xAANleHAABWxheWVyAAdjb250cm9s"
                + "jpZ1OZjEQNoHFxLiXtSbVpZzb7A5brU8E03zNRwUWaE";
        String goldenC = "AQAAAaIxDAF7AAABojYyXXt__________wAAAAkAAAABAAAnDwAAJw8CAgAEc2VzcwADdS0xAAFlAAFsAAF0AAN4LTk0z5Fb"
                + "o7MrYb9RTg2rOqTIltl2x3rzn-P4yDkHwh-MTw";

        // when: the longest first, so a shorter one would show any byte it left behind
        List<String> issued = List.of(tokens.issue(a, AT), tokens.issue(b, AT), tokens.issue(c, AT),
                tokens.issue(a, AT), tokens.issue(c, AT), tokens.issue(b, AT));

        // then
        assertThat(issued).containsExactly(goldenA, goldenB, goldenC, goldenA, goldenC, goldenB);
    }

    @Test
    void shouldTagLabelAndPayloadWithTheStandardHmacWhenPayloadsOfEveryLengthAreSigned() throws Exception {
        // given
        byte[] key = new byte[32];
        Random random = new Random(13);
        random.nextBytes(key);
        TokenSigner signer = new TokenSigner(mac(key), LABEL);
        Mac reference = mac(key);
        int maxPayload = TokenSigner.MAX_TOKEN_BYTES - ExposureTokens.TAG_BYTES;

        for (int length : new int[] {0, 1, 2, 3, 42, 63, 64, 65, 100, 1000, maxPayload - 1, maxPayload}) {
            byte[] payload = new byte[length];
            random.nextBytes(payload);

            // when
            signer.payload().put(payload);
            byte[] token = Base64.getUrlDecoder().decode(signer.sign());

            // then: payload ‖ HMAC(label ‖ payload), by a Mac of its own
            reference.update(LABEL);
            reference.update(payload);
            byte[] tag = reference.doFinal();
            assertThat(Arrays.copyOfRange(token, 0, length)).as("payload of %d bytes", length).isEqualTo(payload);
            assertThat(Arrays.copyOfRange(token, length, token.length)).as("tag of %d bytes", length).isEqualTo(tag);
        }
    }

    @Test
    void shouldEncodeBase64urlAsTheJdkEncoderDoesForEveryLengthAndOffset() {
        java.util.Random random = new java.util.Random(64);
        byte[] out = new byte[ExposureTokens.MAX_LENGTH];
        for (int length = 0; length <= 300; length++) {
            for (int offset = 0; offset < 4; offset++) {
                byte[] bytes = new byte[offset + length + 3];
                random.nextBytes(bytes);
                int n = TokenSigner.base64url(bytes, offset, offset + length, out);
                assertThat(new String(out, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .isEqualTo(java.util.Base64.getUrlEncoder().withoutPadding()
                                .encodeToString(java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
            }
        }
    }

    @Test
    void shouldRefuseToSignWhenThePayloadLeavesNoRoomForTheTag() throws Exception {
        TokenSigner signer = new TokenSigner(mac(new byte[32]), LABEL);
        signer.payload().put(new byte[TokenSigner.MAX_TOKEN_BYTES - ExposureTokens.TAG_BYTES + 1]);

        assertThatThrownBy(signer::sign).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveEachThreadItsOwnTokensWhenThreadsIssueConcurrently() throws Exception {
        // given: one codec shared by eight threads, each issuing tokens of its own exposures
        ExposureTokens tokens = new ExposureTokens(goldenKey(), null, Duration.ofHours(24));
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            // when
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<String>> work = () -> {
                    List<String> issued = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        issued.add(tokens.issue(exposure(thread, i), AT));
                    }
                    return issued;
                };
                results.add(pool.submit(work));
            }

            // then: every token is the one this thread alone issues for the same exposure, and verifies as it
            for (int t = 0; t < threads; t++) {
                List<String> issued = results.get(t).get();
                for (int i = 0; i < perThread; i++) {
                    Exposure exposure = exposure(t, i);
                    assertThat(issued.get(i)).as("thread %d, token %d", t, i).isEqualTo(tokens.issue(exposure, AT));
                    assertThat(tokens.verify(issued.get(i), exposure.sessionId(), AT)).isEqualTo(
                            new ExposureTokens.Verification.Valid(new ExposureToken(exposure, AT,
                                    AT.plus(Duration.ofHours(24)))));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Lengths differ per thread and token, so a token that took another's bytes would differ. */
    private static Exposure exposure(int thread, int i) {
        String session = "s-" + thread + "-" + "x".repeat(i % 37);
        return new Exposure(session, i % 3 == 0 ? null : "u-" + i, "layer-" + thread, "exp-" + i, i, thread,
                "t" + (i % 5), UnitType.SESSION, session, i % 10_000, i % 10_000, false, i);
    }

    private static TokenKey goldenKey() {
        byte[] key = new byte[40];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        return TokenKey.of(key);
    }

    private static Mac mac(byte[] key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac;
    }
}
