package dev.ep.assignment.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spill journal under disk faults, injected through {@link FaultyDisk}: whatever fails, every append that returned
 * stays readable, in order, also after a restart; a failed append leaves nothing behind; a failed roll is retried; a
 * damaged frame hides no valid frame after it; the size cap refuses appends until entries are acknowledged.
 */
class SpillJournalFaultTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private final FaultyDisk disk = new FaultyDisk();

    @Test
    void shouldCutBackToTheLastWholeFrameWhenAWriteFailsHalfway() throws Exception {
        try (SpillJournal journal = journal(1 << 20, Long.MAX_VALUE)) {
            // given
            journal.append(bytes("a"));
            journal.append(bytes("b"));
            long size = Files.size(segments().get(0));

            // when
            disk.failWrites = true;
            assertThatThrownBy(() -> journal.append(bytes("c"))).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Input/output error");
            disk.failWrites = false;

            // then
            assertThat(Files.size(segments().get(0))).isEqualTo(size);
            journal.append(bytes("d"));
            assertThat(texts(journal.peek(10))).containsExactly("a", "b", "d");
            assertThat(journal.pendingEntries()).isEqualTo(3);
        }
        assertThat(reopened()).containsExactly("a", "b", "d");
    }

    @Test
    void shouldKeepEveryReturnedAppendReadableWhenTheDiskFillsAndTakeEventsAgainWhenSpaceIsFreed() throws Exception {
        List<String> appended = new ArrayList<>();
        try (SpillJournal journal = journal(100, Long.MAX_VALUE)) {
            // given: 700 bytes left, segments of 100 bytes (rolls while filling)
            disk.free = 700;

            // when: appends until the disk is full, and some more
            int failures = 0;
            for (int i = 0; i < 60; i++) {
                try {
                    journal.append(bytes("event-" + i));
                    appended.add("event-" + i);
                } catch (UncheckedIOException e) {
                    assertThat(e).hasMessageContaining("No space left on device");
                    failures++;
                }
            }

            // then
            assertThat(appended).hasSizeGreaterThan(20);
            assertThat(failures).isGreaterThan(0);
            assertThat(texts(journal.peek(100))).containsExactlyElementsOf(appended);
            assertThat(journal.pendingEntries()).isEqualTo(appended.size());
            disk.free = 10_000;
            journal.append(bytes("after"));
            appended.add("after");
            assertThat(texts(journal.peek(100))).containsExactlyElementsOf(appended);
        }
        assertThat(reopened()).containsExactlyElementsOf(appended);
    }

    @Test
    void shouldKeepAppendingAndRetryTheRollWhenStartingANewSegmentFails() throws Exception {
        try (SpillJournal journal = journal(50, Long.MAX_VALUE)) {
            // given: a full segment
            journal.append(bytes("a".repeat(40)));

            // when: the next segment cannot be created
            disk.failOpens = true;
            journal.append(bytes("b"));
            journal.append(bytes("c"));

            // then: the journal keeps working in the current segment, and rolls once it can
            assertThat(segments()).hasSize(1);
            disk.failOpens = false;
            journal.append(bytes("d"));
            assertThat(segments()).hasSize(2);
            assertThat(texts(journal.peek(10))).containsExactly("a".repeat(40), "b", "c", "d");
            journal.acknowledge(3);
            assertThat(texts(journal.peek(10))).containsExactly("d");
        }
        assertThat(reopened()).containsExactly("d");
    }

    @Test
    void shouldNeverWriteBehindAPartialFrameWhenTheCutAfterAFailedWriteFails() throws Exception {
        try (SpillJournal journal = journal(1 << 20, Long.MAX_VALUE)) {
            // given: a failed write whose partial frame cannot be cut off
            journal.append(bytes("a"));
            disk.failWrites = true;
            disk.failTruncates = true;
            assertThatThrownBy(() -> journal.append(bytes("lost-1"))).isInstanceOf(UncheckedIOException.class);
            disk.failWrites = false;
            disk.failTruncates = false;

            // when: no new segment can be started either, then it can
            disk.failOpens = true;
            assertThatThrownBy(() -> journal.append(bytes("lost-2"))).isInstanceOf(UncheckedIOException.class);
            disk.failOpens = false;
            journal.append(bytes("b"));

            // then: the next append went to a new segment, and the partial frame hides nothing
            assertThat(segments()).hasSize(2);
            assertThat(texts(journal.peek(10))).containsExactly("a", "b");
            journal.append(bytes("c"));
            assertThat(texts(journal.peek(10))).containsExactly("a", "b", "c");
        }
        assertThat(reopened()).containsExactly("a", "b", "c");
    }

    @Test
    void shouldReadTheValidFramesAfterADamagedFrameWhenItIsInTheMiddleOfTheLastSegment() throws Exception {
        // given: five entries, the third one damaged (bits flipped in its payload)
        try (SpillJournal journal = journal(1 << 20, Long.MAX_VALUE)) {
            IntStream.range(0, 5).forEach(i -> journal.append(bytes("event-" + i)));
        }
        Path segment = segments().get(0);
        byte[] content = Files.readAllBytes(segment);
        int frame = SpillJournal.HEADER + "event-0".length();
        content[2 * frame + SpillJournal.HEADER + 1] ^= 0x55;
        Files.write(segment, content);

        // when
        try (SpillJournal reopened = journal(1 << 20, Long.MAX_VALUE)) {
            // then: nothing after the damage is cut or dropped
            assertThat(Files.size(segment)).isEqualTo(content.length);
            assertThat(reopened.pendingEntries()).isEqualTo(4);
            assertThat(texts(reopened.peek(10))).containsExactly("event-0", "event-1", "event-3", "event-4");
            reopened.append(bytes("event-5"));
            reopened.acknowledge(2);
            assertThat(texts(reopened.peek(10))).containsExactly("event-3", "event-4", "event-5");
            reopened.acknowledge(3);
            assertThat(reopened.pendingEntries()).isZero();
        }
    }

    @Test
    void shouldCountPendingEntriesAsUnreadableWhenTheirFramesAreDamagedWhileRunning() throws Exception {
        try (SpillJournal journal = journal(1 << 20, Long.MAX_VALUE)) {
            // given: an entry whose frame is damaged under the running journal
            journal.append(bytes("event-0"));
            Path segment = segments().get(0);
            byte[] content = Files.readAllBytes(segment);
            content[content.length - 1] ^= 0x55;
            Files.write(segment, content);

            // when
            List<SpillJournal.Entry> head = journal.peek(10);

            // then: the counters agree with the files again (the sender sees an empty journal, no spinning)
            assertThat(head).isEmpty();
            assertThat(journal.pendingEntries()).isZero();
            assertThat(journal.unreadableEntries()).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseAppendsBeyondTheCapAndTakeThemAgainWhenEntriesAreAcknowledged() throws Exception {
        int frame = SpillJournal.HEADER + "event-0".length();
        try (SpillJournal journal = journal(1 << 20, 3L * frame)) {
            // given
            IntStream.range(0, 3).forEach(i -> journal.append(bytes("event-" + i)));

            // when / then
            assertThatThrownBy(() -> journal.append(bytes("event-3")))
                    .isInstanceOf(SpillJournal.JournalFullException.class);
            assertThat(journal.full()).isTrue();
            journal.acknowledge(1);
            assertThat(journal.full()).isFalse();
            journal.append(bytes("event-4"));
            assertThat(texts(journal.peek(10))).containsExactly("event-1", "event-2", "event-4");
        }
    }

    private SpillJournal journal(long segmentBytes, long maxBytes) throws Exception {
        return new SpillJournal(dir, segmentBytes, maxBytes, clock, disk);
    }

    private List<String> reopened() throws Exception {
        try (SpillJournal journal = new SpillJournal(dir, 1 << 20, clock)) {
            return texts(journal.peek(1_000));
        }
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    private static List<String> texts(List<SpillJournal.Entry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
