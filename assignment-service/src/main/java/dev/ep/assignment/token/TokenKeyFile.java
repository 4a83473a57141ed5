package dev.ep.assignment.token;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token key of a service that was given none ({@code EP_EXPOSURE_TOKEN_SECRET} unset): 32 random bytes generated
 * at the first start and kept in the data directory as one line of base64, readable and writable by the owner only
 * ({@code rw-------} where the file system has POSIX permissions), so tokens issued before a restart stay valid after
 * it. Written like the configuration snapshot: temporary file (created owner-only), fsync, atomic rename, directory
 * fsync. A file that exists but does not hold a valid key stops the start (replacing it silently would invalidate
 * every token issued with it); one readable by others is tightened and a warning logged.
 */
public final class TokenKeyFile {

    /** The file name inside the service's data directory. */
    public static final String NAME = "exposure-token.key";

    private static final Logger LOG = LoggerFactory.getLogger(TokenKeyFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private TokenKeyFile() {
    }

    /** Reads the key from {@code file}, or generates it there when the file does not exist. */
    public static TokenKey loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        byte[] bytes = new byte[TokenKey.MIN_BYTES];
        random.nextBytes(bytes);
        TokenKey key = TokenKey.of(bytes);
        Path temp = directory.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (posix()) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(temp);
            ownerOnlyWithoutPosix(temp);
        }
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write((key.base64() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file);
        }
        fsyncDirectory(directory);
        LOG.info("Generated the exposure-token key in {} (owner-only); set EP_EXPOSURE_TOKEN_SECRET to share one key "
                + "between instances", file);
        return key;
    }

    private static TokenKey load(Path file) throws IOException {
        if (posix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                LOG.warn("The exposure-token key file {} was readable or writable by others ({}); restricted to the "
                        + "owner. Rotate the key if others may have read it.", file,
                        PosixFilePermissions.toString(permissions));
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        }
        if (Files.size(file) > 1024) {
            throw new IllegalStateException("the key file " + file + " is not a token key (larger than 1 KB); delete "
                    + "it to generate a new key");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        try {
            return TokenKey.parse(text, "the key file " + file);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + "; delete the file to generate a new key (tokens issued "
                    + "with the old one are then refused)", e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void ownerOnlyWithoutPosix(Path file) {
        var f = file.toFile();
        boolean ok = f.setReadable(false, false) && f.setReadable(true, true) && f.setWritable(false, false)
                && f.setWritable(true, true);
        if (!ok) {
            LOG.warn("Could not restrict {} to its owner on this file system", file);
        }
    }

    private static void fsyncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory for fsync; the rename is still atomic
        }
    }
}
