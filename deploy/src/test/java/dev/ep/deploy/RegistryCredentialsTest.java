package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {

    @TempDir
    Path dataDir;

    private Path file() {
        return dataDir.resolve("credentials").resolve("schema-registry-writer");
    }

    @Test
    void shouldMakeARandomWriterReadableByItsOwnerOnlyWhenNoneExists() throws Exception {
        // when
        String first = RegistryCredentials.loadOrCreate(file(), new SecureRandom());

        // then
        assertThat(first).matches("ep-platform:[0-9a-f]{48}");
        assertThat(Files.readString(file(), StandardCharsets.UTF_8)).isEqualTo(first + "\n");
        if (Files.getFileStore(dataDir).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file()))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        assertThat(RegistryCredentials.loadOrCreate(dataDir.resolve("other"), new SecureRandom())).isNotEqualTo(first);
    }

    @Test
    void shouldKeepTheWriterWhenThePlatformStartsAgain() throws Exception {
        // given
        String first = RegistryCredentials.loadOrCreate(file(), new SecureRandom());

        // when
        String second = RegistryCredentials.loadOrCreate(file(), new SecureRandom());

        // then
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldReplaceTheFileWhenItHoldsNoUsableUserInfo() throws Exception {
        for (String broken : Set.of("", "no-colon", ":password", "user:", "a:b\nc:d")) {
            // given
            Files.createDirectories(file().getParent());
            Files.writeString(file(), broken, StandardCharsets.UTF_8);

            // when
            String userInfo = RegistryCredentials.loadOrCreate(file(), new SecureRandom());

            // then
            assertThat(userInfo).as("replacing '%s'", broken).startsWith("ep-platform:");
        }
    }
}
