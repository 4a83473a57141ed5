package dev.ep.assignment.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillJournalTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldReturnEntriesInAppendOrderWhenPeekedAndDropThemWhenAcknowledged() throws Exception {
        try (SpillJournal journal = new SpillJournal(dir, 1 << 20, clock)) {
            // given
            IntStream.range(0, 10).forEach(i -> journal.append(bytes("event-" + i)));

            // when
            List<SpillJournal.Entry> first = journal.peek(4);
            journal.acknowledge(4);

            // then
            assertThat(first).extracting(e -> text(e.payload())).containsExactly("event-0", "event-1", "event-2",
                    "event-3");
            assertThat(journal.pendingEntries()).isEqualTo(6);
            assertThat(journal.peek(100)).extracting(e -> text(e.payload())).startsWith("event-4").hasSize(6);
            assertThat(journal.oldest()).contains(clock.instant());
            journal.acknowledge(6);
            assertThat(journal.pendingEntries()).isZero();
            assertThat(journal.pendingBytes()).isZero();
            assertThat(journal.oldest()).isEmpty();
        }
    }

    @Test
    void shouldKeepWorkingWhenTheCallingThreadIsInterrupted() throws Exception {
        // the event sender is interrupted at shutdown, exactly while it journals what it could not send
        try (SpillJournal journal = new SpillJournal(dir, 100, clock)) {
            // when: appends, a sync, reads and acknowledgements happen on an interrupted thread
            Thread.currentThread().interrupt();
            try {
                IntStream.range(0, 20).forEach(i -> journal.append(bytes("event-" + i)));
                journal.sync();
                assertThat(journal.peek(2)).hasSize(2);
                journal.acknowledge(1);
            } finally {
                Thread.interrupted();
            }

            // then: the journal still takes and gives back everything (a FileChannel would be closed for good)
            journal.append(bytes("after"));
            assertThat(journal.peek(100)).extracting(e -> text(e.payload())).hasSize(20).startsWith("event-1")
                    .endsWith("after");
        }
        try (SpillJournal reopened = new SpillJournal(dir, 100, clock)) {
            assertThat(reopened.pendingEntries()).isEqualTo(20);
        }
    }

    @Test
    void shouldKeepUnacknowledgedEntriesWhenReopenedAfterARestart() throws Exception {
        // given
        try (SpillJournal journal = new SpillJournal(dir, 200, clock)) {
            IntStream.range(0, 50).forEach(i -> journal.append(bytes("event-" + i)));
            journal.acknowledge(20);
        }

        // when
        try (SpillJournal reopened = new SpillJournal(dir, 200, clock)) {
            // then
            assertThat(reopened.pendingEntries()).isEqualTo(30);
            assertThat(reopened.peek(1000)).extracting(e -> text(e.payload()))
                    .containsExactlyElementsOf(IntStream.range(20, 50).mapToObj(i -> "event-" + i).toList());
            reopened.append(bytes("after-restart"));
            assertThat(reopened.peek(1000)).last().extracting(e -> text(e.payload())).isEqualTo("after-restart");
        }
    }

    @Test
    void shouldDeleteSegmentsWhenEverythingInThemWasAcknowledged() throws Exception {
        try (SpillJournal journal = new SpillJournal(dir, 100, clock)) {
            IntStream.range(0, 40).forEach(i -> journal.append(bytes("event-" + i)));
            assertThat(segments()).hasSizeGreaterThan(3);

            journal.acknowledge(40);

            assertThat(segments()).hasSizeLessThanOrEqualTo(1);
            journal.append(bytes("x"));
            assertThat(journal.peek(10)).extracting(e -> text(e.payload())).containsExactly("x");
        }
    }

    @Test
    void shouldCutATornFrameWhenTheLastWriteWasInterrupted() throws Exception {
        // given: three entries, then half a frame (a crash mid-append)
        try (SpillJournal journal = new SpillJournal(dir, 1 << 20, clock)) {
            IntStream.range(0, 3).forEach(i -> journal.append(bytes("event-" + i)));
        }
        Path segment = segments().get(0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 9, 1, 2, 3}));
        }

        // when
        try (SpillJournal reopened = new SpillJournal(dir, 1 << 20, clock)) {
            // then
            assertThat(reopened.pendingEntries()).isEqualTo(3);
            reopened.append(bytes("event-3"));
            assertThat(reopened.peek(10)).extracting(e -> text(e.payload()))
                    .containsExactly("event-0", "event-1", "event-2", "event-3");
        }
    }

    @Test
    void shouldSkipACorruptFrameWhenItsChecksumDoesNotMatch() throws Exception {
        try (SpillJournal journal = new SpillJournal(dir, 1 << 20, clock)) {
            IntStream.range(0, 3).forEach(i -> journal.append(bytes("event-" + i)));
        }
        Path segment = segments().get(0);
        byte[] content = Files.readAllBytes(segment);
        content[content.length - 1] ^= 0x55; // flip bits in the last payload
        Files.write(segment, content);

        try (SpillJournal reopened = new SpillJournal(dir, 1 << 20, clock)) {
            assertThat(reopened.peek(10)).extracting(e -> text(e.payload())).containsExactly("event-0", "event-1");
        }
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
