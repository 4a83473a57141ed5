package dev.ep.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The local platform's schema-registry writer: user {@value #USER} with a random password, made on the first start
 * and kept in the data dir (readable by its owner only) so that scripts and {@code curl -u "$(cat <file>)"} keep
 * working across starts. The registry gets it as {@code EP_REGISTRY_WRITER_USER_INFO} (and keeps only a hash), the
 * services as {@code EP_SCHEMA_REGISTRY_USER_INFO}.
 */
final class RegistryCredentials {

    static final String USER = "ep-platform";

    private RegistryCredentials() {
    }

    /** The {@code user:password} in {@code file}, made first when the file is missing or unusable. */
    static String loadOrCreate(Path file, SecureRandom random) throws IOException {
        Optional<String> existing = read(file);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String userInfo = USER + ":" + HexFormat.of().formatHex(secret);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, userInfo + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return userInfo;
    }

    private static Optional<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        int colon = text.indexOf(':');
        boolean usable = colon > 0 && colon < text.length() - 1 && text.lines().count() == 1;
        return usable ? Optional.of(text) : Optional.empty();
    }
}
