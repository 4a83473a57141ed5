package dev.ep.assignment.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * One thread's token signing state: its keyed HMAC-SHA256 and one buffer holding the domain label, then a token's
 * payload, then its tag. Signing is then one HMAC pass over the buffer's start and one base64url encoding of its tail
 * into a character buffer, copied once into the token's string: no per-token copy of the label, no payload array, no
 * second {@code Mac.update}, no encoder or encoder output per token (issue 13). The buffer has the size of the longest token ({@value ExposureTokens#MAX_LENGTH} base64url characters, 3,072
 * bytes), so it never grows: {@link ExposureTokens#issue} refuses a longer token before writing it.
 *
 * <p>Not thread-safe, on purpose: {@link ExposureTokens} keeps one per thread, so a request thread never waits for
 * another and never sees another thread's half-written payload.
 */
final class TokenSigner {

    /** The longest token, in bytes ({@value ExposureTokens#MAX_LENGTH} base64url characters without padding). */
    static final int MAX_TOKEN_BYTES = ExposureTokens.MAX_LENGTH / 4 * 3;

    /** RFC 4648 §5, the URL- and filename-safe alphabet. */
    private static final byte[] BASE64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    private final Mac mac;
    private final int start;
    private final ByteBuffer buffer;
    /** The token's characters, encoded here before the one copy into the token's string. */
    private final byte[] text = new byte[ExposureTokens.MAX_LENGTH];

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
        int length = base64url(bytes, start, end + ExposureTokens.TAG_BYTES, text);
        return new String(text, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * Base64url without padding (RFC 4648 §5) of {@code bytes[from, to)} into {@code out}: the same characters as
     * {@code Base64.getUrlEncoder().withoutPadding()}, without its intermediate buffers (issue 13: the encoder's
     * buffer and the string's copy of it were a third of the bytes a 1,000-experiment request allocated). Returns
     * the number of characters.
     */
    static int base64url(byte[] bytes, int from, int to, byte[] out) {
        int o = 0;
        int i = from;
        for (; i + 3 <= to; i += 3) {
            int v = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff);
            out[o++] = BASE64URL[v >>> 18];
            out[o++] = BASE64URL[(v >>> 12) & 0x3f];
            out[o++] = BASE64URL[(v >>> 6) & 0x3f];
            out[o++] = BASE64URL[v & 0x3f];
        }
        int left = to - i;
        if (left == 1) {
            int v = (bytes[i] & 0xff) << 16;
            out[o++] = BASE64URL[v >>> 18];
            out[o++] = BASE64URL[(v >>> 12) & 0x3f];
        } else if (left == 2) {
            int v = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8;
            out[o++] = BASE64URL[v >>> 18];
            out[o++] = BASE64URL[(v >>> 12) & 0x3f];
            out[o++] = BASE64URL[(v >>> 6) & 0x3f];
        }
        return o;
    }
}
