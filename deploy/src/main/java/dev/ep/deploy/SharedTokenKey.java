package dev.ep.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The exposure-token key the assignment instances share behind the front (a token one issues, another must accept).
 * It is the first instance's own key file, {@code <data dir>/assignment-service/exposure-token.key}, in the
 * service's format (one line of base64, 32 random bytes, owner-only): a platform that ran one instance keeps its
 * tokens valid when it runs several, and the other way round. Made here when the file does not exist yet.
 */
final class SharedTokenKey {

    static final String FILE_NAME = "exposure-token.key";

    private SharedTokenKey() {
    }

    static String loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (Files.isRegularFile(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            try {
                if ((text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                        .decode(text).length >= 32) {
                    return text;
                }
            } catch (IllegalArgumentException e) {
                // falls through: the service itself refuses to start on a bad key file, and so does the launcher
            }
            throw new IOException(file + " does not hold a base64 key of at least 32 bytes; the service would refuse "
                    + "it too (move it away only if no token signed with it must stay valid)");
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        String text = Base64.getEncoder().encodeToString(key);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, text + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return text;
    }
}
