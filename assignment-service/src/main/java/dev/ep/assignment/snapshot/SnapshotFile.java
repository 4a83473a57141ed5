package dev.ep.assignment.snapshot;

import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.schemas.AvroTrust;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The last applied configuration on local disk: an Avro object container file of the current
 * {@link ExperimentSnapshot} records (self-describing: it carries its writer schema), plus the last applied sequence
 * in the file metadata. Written to a temporary file, fsynced, then atomically renamed over the previous one (and the
 * directory fsynced), so a crash leaves either the old or the new file, never a torn one.
 */
final class SnapshotFile {

    private static final String SEQUENCE_KEY = "ep.last-sequence";

    private final Path file;

    SnapshotFile(Path file) {
        this.file = file;
        AvroTrust.install();
    }

    /** What was stored: the records in sequence order and the last applied sequence. */
    record Contents(List<ExperimentSnapshot> records, long lastSequence) {
    }

    Path path() {
        return file;
    }

    void write(Collection<ExperimentSnapshot> records, long lastSequence) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
             DataFileWriter<ExperimentSnapshot> writer = new DataFileWriter<>(
                     new SpecificDatumWriter<>(ExperimentSnapshot.class))) {
            writer.setMeta(SEQUENCE_KEY, Long.toString(lastSequence));
            writer.create(ExperimentSnapshot.getClassSchema(), out);
            for (ExperimentSnapshot record : records) {
                writer.append(record);
            }
            writer.flush();
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(file.getParent());
    }

    Optional<Contents> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (DataFileReader<ExperimentSnapshot> reader = new DataFileReader<>(file.toFile(),
                new SpecificDatumReader<>(ExperimentSnapshot.class))) {
            long sequence = Long.parseLong(reader.getMetaString(SEQUENCE_KEY));
            List<ExperimentSnapshot> records = new ArrayList<>();
            reader.forEach(records::add);
            return Optional.of(new Contents(records, sequence));
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open directories; the rename itself is still atomic
        }
    }
}
