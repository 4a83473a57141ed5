package dev.ep.assignment.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * One thread's token signing state: its keyed HMAC-SHA256 and one buffer holding the domain label, then a token's
 * payload, then its tag. Signing is then one HMAC pass over the buffer's start and one base64url encoding of its tail:
 * no per-token copy of the label, no payload array, no second {@code Mac.update}, no encoder built per token (issue
 * 13). The buffer has the size of the longest token ({@value ExposureTokens#MAX_LENGTH} base64url characters, 3,072
 * bytes), so it never grows: {@link ExposureTokens#issue} refuses a longer token before writing it.
 *
 * <p>Not thread-safe, on purpose: {@link ExposureTokens} keeps one per thread, so a request thread never waits for
 * another and never sees another thread's half-written payload.
 */
final class TokenSigner {

    /** The longest token, in bytes ({@value ExposureTokens#MAX_LENGTH} base64url characters without padding). */
    static final int MAX_TOKEN_BYTES = ExposureTokens.MAX_LENGTH / 4 * 3;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Mac mac;
    private final int start;
    private final ByteBuffer buffer;

    /**
     * @param mac    the keyed HMAC-SHA256, used by this thread only
     * @param domain the label signed in front of every payload (not part of the token)
     */
    TokenSigner(Mac mac, byte[] domain) {
        if (mac.getMacLength() != ExposureTokens.TAG_BYTES) {
            throw new IllegalArgumentException("a " + ExposureTokens.TAG_BYTES + "-byte MAC is needed, got "
                    + mac.getMacLength());
        }
        this.mac = mac;
        this.start = domain.length;
        this.buffer = ByteBuffer.allocate(domain.length + MAX_TOKEN_BYTES);
        buffer.put(domain);
    }

    /**
     * The buffer, positioned where the payload starts: write at most {@code MAX_TOKEN_BYTES - TAG_BYTES} bytes, then
     * call {@link #sign()}. Whatever an earlier token left in it is overwritten or ignored.
     */
    ByteBuffer payload() {
        buffer.clear().position(start);
        return buffer;
    }

    /** The token of the payload written since {@link #payload()}: base64url of payload ‖ HMAC(label ‖ payload). */
    String sign() {
        int end = buffer.position();
        if (end + ExposureTokens.TAG_BYTES > buffer.capacity()) {
            throw new IllegalArgumentException("the payload leaves no room for the tag");
        }
        byte[] bytes = buffer.array();
        mac.update(bytes, 0, end);
        try {
            mac.doFinal(bytes, end);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer token = ByteBuffer.wrap(bytes, start, end + ExposureTokens.TAG_BYTES - start);
        return new String(BASE64URL.encode(token).array(), StandardCharsets.ISO_8859_1);
    }
}
