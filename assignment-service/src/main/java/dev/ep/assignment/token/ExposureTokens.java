package dev.ep.assignment.token;

import dev.ep.assignment.core.UnitType;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies exposure tokens: the proof, handed out by {@code /v1/assign} with each assigned experiment, that
 * this service served that treatment to that unit at that time, so that {@code /v1/coverage} can record the exposure as
 * served instead of re-deriving it from a context the storefront must send again.
 *
 * <p>Format (version 1), base64url without padding: {@code version(1) issuedAt(8) expiresAt(8) configVersion(8)
 * experimentVersion(4) phase(4) bucket(4) slot(4, -1 when forced) flags(1: forced, has user, unit = session, unit =
 * user) unitType(1)}, then the strings {@code sessionId [userId] experimentId layerId treatment [unitId]} (each an
 * unsigned 16-bit UTF-8 length and the bytes; the unit id only when it is neither the session nor the user id), then
 * a 32-byte HMAC-SHA256 tag over a fixed domain label and everything before the tag. Nothing in it is
 * secret (it is only what the assign response already tells the storefront); it is tamper-evident: a change of any
 * bit, a token signed with another key, or anything that is not a token at all is refused.
 *
 * <p>Verification never throws for any input: it answers {@link Verification.Valid} or {@link Verification.Refused}
 * with a {@link Reason}. Tokens longer than {@value #MAX_LENGTH} characters are refused before they are decoded.
 * Rotation: tokens are signed with the current key and accepted with it or with the previous one.
 */
public final class ExposureTokens {

    /** Longest token accepted, in characters (the longest token this service issues is far shorter). */
    public static final int MAX_LENGTH = 4096;
    /** Bounds of the token lifetime setting. */
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_TTL = Duration.ofDays(7);

    static final byte VERSION = 1;
    static final int TAG_BYTES = 32;
    /** version, issuedAt, expiresAt, configVersion, experimentVersion, phase, bucket, slot, flags, unitType. */
    static final int FIXED_BYTES = 1 + 8 + 8 + 8 + 4 + 4 + 4 + 4 + 1 + 1;
    private static final int FORCED = 1;
    private static final int HAS_USER = 2;
    /** The unit id is the session id (not repeated in the token). */
    private static final int UNIT_IS_SESSION = 4;
    /** The unit id is the user id (not repeated in the token). */
    private static final int UNIT_IS_USER = 8;
    private static final byte[] DOMAIN = "ep.exposure-token.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final String ALGORITHM = "HmacSHA256";

    /** Why a token was refused. */
    public enum Reason {
        /** Not a token of this service: not base64url, wrong length or version, or a signature that does not match. */
        FORGED,
        /** Genuine, but past its expiry. */
        EXPIRED,
        /** Genuine, but issued to another session than the one presenting it. */
        OTHER_SESSION
    }

    /** The outcome of {@link #verify}. */
    public sealed interface Verification {

        record Valid(ExposureToken token) implements Verification {
        }

        record Refused(Reason reason, String detail) implements Verification {
        }
    }

    private final ThreadLocal<Mac> current;
    private final ThreadLocal<Mac> previous;
    /** Per thread: the current key's {@link Mac} (the same instance as {@link #current}'s) and a token buffer. */
    private final ThreadLocal<TokenSigner> signers;
    private final Duration ttl;

    /**
     * @param key         signs new tokens and verifies
     * @param previousKey also accepted when verifying (rotation), or {@code null}
     * @param ttl         token lifetime, within [{@link #MIN_TTL}, {@link #MAX_TTL}]
     */
    public ExposureTokens(TokenKey key, TokenKey previousKey, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("token lifetime " + ttl + " is outside [" + MIN_TTL + ", " + MAX_TTL
                    + "]");
        }
        this.current = macs(key);
        this.previous = previousKey == null ? null : macs(previousKey);
        this.signers = ThreadLocal.withInitial(() -> new TokenSigner(current.get(), DOMAIN));
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * The token for an exposure decided at {@code issuedAt}, valid for the configured lifetime.
     *
     * @throws IllegalArgumentException when a text of the exposure cannot be carried (not encodable as UTF-8, or the
     *                                  token would exceed {@value #MAX_LENGTH} characters); never for ids this service
     *                                  accepts or config-service writes
     */
    public String issue(Exposure exposure, Instant issuedAt) {
        return issuer(exposure.sessionId(), exposure.userId(), issuedAt)
                .issue(texts(exposure.experimentId(), exposure.layerId(), exposure.treatment()),
                        exposure.configVersion(), exposure.experimentVersion(), exposure.phase(), exposure.bucket(),
                        exposure.forced() ? -1 : exposure.slot(), exposure.forced(), exposure.unitType(),
                        exposure.unitId());
    }

    /**
     * The texts of an exposure that every unit assigned the same treatment shares (experiment, layer, treatment),
     * encoded once: a caller that issues many tokens for one configuration keeps them with the treatment instead of
     * encoding them again for every token (issue 13).
     *
     * @throws IllegalArgumentException when a text is not encodable as UTF-8 or longer than a token can carry
     */
    public static Texts texts(String experimentId, String layerId, String treatment) {
        return new Texts(experimentId, utf8(experimentId), utf8(layerId), utf8(treatment));
    }

    /** See {@link #texts}. */
    public static final class Texts {
        private final String experimentId;
        private final byte[] experiment;
        private final byte[] layer;
        private final byte[] treatment;

        private Texts(String experimentId, byte[] experiment, byte[] layer, byte[] treatment) {
            this.experimentId = experimentId;
            this.experiment = experiment;
            this.layer = layer;
            this.treatment = treatment;
        }

        /** The experiment the texts are of (for messages). */
        public String experimentId() {
            return experimentId;
        }
    }

    /**
     * The issuer of one request's tokens, on the calling thread: the session and user ids encoded once, the times
     * fixed, the thread's signer looked up once. Use it on the thread that asked for it, and only until that thread
     * issues tokens in any other way (it shares the thread's buffer).
     *
     * @throws IllegalArgumentException when an id is not encodable as UTF-8 (never for ids this service accepts)
     */
    public Issuer issuer(String sessionId, String userId, Instant issuedAt) {
        Objects.requireNonNull(sessionId, "sessionId");
        return new Issuer(signers.get(), sessionId, utf8(sessionId), userId, userId == null ? null : utf8(userId),
                issuedAt.toEpochMilli(), issuedAt.plus(ttl).toEpochMilli());
    }

    /** See {@link #issuer}. Not thread-safe. */
    public static final class Issuer {
        private final TokenSigner signer;
        private final String sessionId;
        private final byte[] session;
        private final String userId;
        private final byte[] user;
        private final long issuedAt;
        private final long expiresAt;

        private Issuer(TokenSigner signer, String sessionId, byte[] session, String userId, byte[] user,
                long issuedAt, long expiresAt) {
            this.signer = signer;
            this.sessionId = sessionId;
            this.session = session;
            this.userId = userId;
            this.user = user;
            this.issuedAt = issuedAt;
            this.expiresAt = expiresAt;
        }

        /**
         * The token of one exposure of this issuer's request.
         *
         * @param slot the treatment slot; ignored when {@code forced} (the token stores -1)
         * @throws IllegalArgumentException when the unit id is not encodable, or the token would exceed
         *                                  {@value #MAX_LENGTH} characters
         */
        public String issue(Texts texts, long configVersion, int experimentVersion, int phase, int bucket, int slot,
                boolean forced, UnitType unitType, String unitId) {
            int unitFlag = unitId.equals(sessionId) ? UNIT_IS_SESSION : unitId.equals(userId) ? UNIT_IS_USER : 0;
            byte[] unit = unitFlag != 0 ? null : utf8(unitId);
            int size = FIXED_BYTES + TAG_BYTES + 2 + session.length + (user == null ? 0 : 2 + user.length)
                    + 2 + texts.experiment.length + 2 + texts.layer.length + 2 + texts.treatment.length
                    + (unit == null ? 0 : 2 + unit.length);
            int tokenLength = (size * 4 + 2) / 3;
            if (tokenLength > MAX_LENGTH) {
                throw new IllegalArgumentException("exposure of " + texts.experimentId + " does not fit in a token");
            }
            ByteBuffer out = signer.payload();
            out.put(VERSION).putLong(issuedAt).putLong(expiresAt).putLong(configVersion).putInt(experimentVersion)
                    .putInt(phase).putInt(bucket).putInt(forced ? -1 : slot)
                    .put((byte) ((forced ? FORCED : 0) | (user != null ? HAS_USER : 0) | unitFlag))
                    .put(code(unitType));
            text(out, session);
            if (user != null) {
                text(out, user);
            }
            text(out, texts.experiment);
            text(out, texts.layer);
            text(out, texts.treatment);
            if (unit != null) {
                text(out, unit);
            }
            return signer.sign();
        }

        private static void text(ByteBuffer out, byte[] text) {
            out.putShort((short) text.length).put(text);
        }
    }

    /** Checks a token presented by {@code sessionId} at {@code now}. Never throws. */
    public Verification verify(String token, String sessionId, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return forged("not an exposure token (its length is " + (token == null ? 0 : token.length())
                    + "; tokens are 1 to " + MAX_LENGTH + " characters)");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return forged("not an exposure token (character " + i + " is not base64url)");
            }
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return forged("not an exposure token (not base64url)");
        }
        // the decoder ignores the unused low bits of the last character: insist on the one canonical text
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(token)) {
            return forged("not an exposure token (not its canonical base64url text)");
        }
        if (bytes.length < FIXED_BYTES + 4 * 2 + TAG_BYTES || bytes[0] != VERSION) {
            return forged("not an exposure token (too short or an unknown version)");
        }
        int payload = bytes.length - TAG_BYTES;
        byte[] presented = Arrays.copyOfRange(bytes, payload, bytes.length);
        boolean signed = MessageDigest.isEqual(tag(current.get(), bytes, payload), presented)
                || (previous != null && MessageDigest.isEqual(tag(previous.get(), bytes, payload), presented));
        if (!signed) {
            return forged("the token's signature does not match: it was altered, forged, or signed with a key this "
                    + "service no longer has");
        }
        ExposureToken parsed;
        try {
            parsed = parse(ByteBuffer.wrap(bytes, 0, payload));
        } catch (BufferUnderflowException | IllegalArgumentException | CharacterCodingException e) {
            return forged("the token is signed but malformed");
        }
        if (now.isAfter(parsed.expiresAt())) {
            return new Verification.Refused(Reason.EXPIRED, "the token expired at " + parsed.expiresAt()
                    + " (tokens are valid for " + ttl + " after the assign call; call /v1/assign again)");
        }
        if (!parsed.exposure().sessionId().equals(sessionId)) {
            return new Verification.Refused(Reason.OTHER_SESSION, "the token was issued for another session");
        }
        return new Verification.Valid(parsed);
    }

    private static ExposureToken parse(ByteBuffer in) throws CharacterCodingException {
        in.get(); // version, checked
        Instant issuedAt = Instant.ofEpochMilli(in.getLong());
        Instant expiresAt = Instant.ofEpochMilli(in.getLong());
        long configVersion = in.getLong();
        int experimentVersion = in.getInt();
        int phase = in.getInt();
        int bucket = in.getInt();
        int slot = in.getInt();
        int flags = in.get();
        UnitType unitType = unitType(in.get());
        if ((flags & ~(FORCED | HAS_USER | UNIT_IS_SESSION | UNIT_IS_USER)) != 0
                || (flags & (UNIT_IS_SESSION | UNIT_IS_USER)) == (UNIT_IS_SESSION | UNIT_IS_USER)
                || ((flags & UNIT_IS_USER) != 0 && (flags & HAS_USER) == 0)) {
            throw new IllegalArgumentException("inconsistent flags");
        }
        boolean forced = (flags & FORCED) != 0;
        String sessionId = readString(in);
        String userId = (flags & HAS_USER) != 0 ? readString(in) : null;
        String experimentId = readString(in);
        String layerId = readString(in);
        String treatment = readString(in);
        String unitId = (flags & UNIT_IS_SESSION) != 0 ? sessionId : (flags & UNIT_IS_USER) != 0 ? userId
                : readString(in);
        if (in.hasRemaining() || forced != (slot == -1)) {
            throw new IllegalArgumentException("inconsistent token");
        }
        return new ExposureToken(new Exposure(sessionId, userId, layerId, experimentId, experimentVersion, phase,
                treatment, unitType, unitId, bucket, forced ? null : slot, forced, configVersion), issuedAt, expiresAt);
    }

    /** UTF-8 of a text; refuses unpaired surrogates (which {@link String#getBytes} would silently turn into '?'). */
    private static byte[] utf8(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("text is not encodable as UTF-8");
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("text too long for a token");
        }
        return bytes;
    }

    private static String readString(ByteBuffer in) throws CharacterCodingException {
        int length = Short.toUnsignedInt(in.getShort());
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer slice = in.slice(in.position(), length);
        in.position(in.position() + length);
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
    }

    private static byte code(UnitType type) {
        return switch (type) {
            case SESSION -> 0;
            case USER -> 1;
            case UNKNOWN -> 2;
        };
    }

    private static UnitType unitType(byte code) {
        return switch (code) {
            case 0 -> UnitType.SESSION;
            case 1 -> UnitType.USER;
            case 2 -> UnitType.UNKNOWN;
            default -> throw new IllegalArgumentException("unknown unit type " + code);
        };
    }

    private static byte[] tag(Mac mac, byte[] bytes, int length) {
        mac.update(DOMAIN);
        mac.update(bytes, 0, length);
        return mac.doFinal();
    }

    private static Verification forged(String detail) {
        return new Verification.Refused(Reason.FORGED, detail);
    }

    /** One initialised {@link Mac} per thread: creating and keying one costs more than the HMAC itself. */
    private static ThreadLocal<Mac> macs(TokenKey key) {
        SecretKeySpec spec = new SecretKeySpec(key.bytes(), ALGORITHM);
        try {
            Mac.getInstance(ALGORITHM).init(spec); // fail at construction, not on a request thread
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
        return ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        });
    }
}
