package dev.ep.assignment.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated key: created owner-only at the first start, the same key after a restart, never silently replaced. */
class TokenKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldCreateAnOwnerOnlyKeyFileWhenNoneExists() throws Exception {
        Path file = dir.resolve("data").resolve(TokenKeyFile.NAME);

        TokenKey key = TokenKeyFile.loadOrCreate(file, new SecureRandom());

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).isEqualTo(key.base64());
        assertThat(TokenKey.parse(key.base64(), "key").equals(key)).isTrue();
        assertThat(dir.resolve("data").resolve(TokenKeyFile.NAME + ".tmp")).doesNotExist();
    }

    @Test
    void shouldAcceptTokensIssuedBeforeARestartWhenTheKeyFileIsReused() throws Exception {
        // given: a token issued with the key generated at the first start
        Path file = dir.resolve(TokenKeyFile.NAME);
        ExposureTokens before = new ExposureTokens(TokenKeyFile.loadOrCreate(file, new SecureRandom()), null,
                Duration.ofHours(1));
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        String token = before.issue(new Exposure("s-1", null, "l", "e", 1, 1, "t",
                dev.ep.assignment.core.UnitType.SESSION, "s-1", 5, 6, false, 7), now);

        // when: the service starts again
        ExposureTokens after = new ExposureTokens(TokenKeyFile.loadOrCreate(file, new SecureRandom()), null,
                Duration.ofHours(1));

        // then
        assertThat(after.verify(token, "s-1", now)).isInstanceOf(ExposureTokens.Verification.Valid.class);
    }

    @Test
    void shouldRestrictTheFileToItsOwnerWhenOthersCouldReadIt() throws Exception {
        Path file = dir.resolve(TokenKeyFile.NAME);
        TokenKey key = TokenKeyFile.loadOrCreate(file, new SecureRandom());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        TokenKey again = TokenKeyFile.loadOrCreate(file, new SecureRandom());

        assertThat(again).isEqualTo(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void shouldRefuseToStartWhenTheKeyFileHoldsNoValidKey() throws Exception {
        Path file = dir.resolve(TokenKeyFile.NAME);
        Files.writeString(file, "c2hvcnQ=\n"); // base64 of "short"

        assertThatThrownBy(() -> TokenKeyFile.loadOrCreate(file, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 32")
                .hasMessageContaining("delete the file");
        assertThat(Files.readString(file)).isEqualTo("c2hvcnQ=\n");
    }

    @Test
    void shouldNeverShowTheSecretWhenAKeyIsRefusedOrPrinted() {
        String secret = "bm90LWVub3VnaC1ieXRlcw=="; // 16 bytes

        assertThatThrownBy(() -> TokenKey.parse(secret, "EP_EXPOSURE_TOKEN_SECRET"))
                .hasMessageContaining("EP_EXPOSURE_TOKEN_SECRET").hasMessageContaining("16 bytes")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> TokenKey.parse("not base64 %%%", "EP_EXPOSURE_TOKEN_SECRET"))
                .hasMessageNotContaining("%%%");
        TokenKey key = TokenKey.parse("a".repeat(43) + "=", "s");
        assertThat(key.toString()).doesNotContain("aaaa").contains("32 bytes");
        assertThat(TokenKey.parse(key.base64().replace('+', '-').replace('/', '_'), "s")).isEqualTo(key);
    }
}
