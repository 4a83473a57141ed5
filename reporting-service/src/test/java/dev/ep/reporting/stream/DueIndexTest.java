package dev.ep.reporting.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.Catalog;
import dev.ep.reporting.attribution.Decision;
import dev.ep.reporting.attribution.UnitKind;
import dev.ep.reporting.attribution.UnitState;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The due index's key encoding (order, round trip) and its range reads, over a real in-memory store's byte order. */
class DueIndexTest {

    private static final Attribution ATTRIBUTION = new Attribution(new AttributionSettings(1_000, 100, 5_000));

    @Test
    void shouldReadTheDueTimeBackAndOrderKeysByDueTimeWhateverTheUnitKey() {
        qt().withFixedSeed(7L).withExamples(2_000)
                .forAll(longs().all(), strings().allPossible().ofLengthBetween(1, 40),
                        longs().all(), strings().allPossible().ofLengthBetween(1, 40))
                .checkAssert((due1, unit1, due2, unit2) -> {
                    String k1 = DueIndex.key(due1, unit1);
                    String k2 = DueIndex.key(due2, unit2);
                    assertThat(DueIndex.due(k1)).isEqualTo(due1);
                    assertThat(k1.substring(DueIndex.DUE_WIDTH)).isEqualTo(unit1);
                    if (!due1.equals(due2)) {
                        // the store's order: the keys' UTF-8 bytes, unsigned
                        int bytes = Arrays.compareUnsigned(k1.getBytes(StandardCharsets.UTF_8),
                                k2.getBytes(StandardCharsets.UTF_8));
                        assertThat(Integer.signum(bytes)).isEqualTo(Long.signum(Long.compare(due1, due2)));
                    }
                });
    }

    @Test
    void shouldReadOnlyEntriesDueByTheStreamTimeInBatchesAfterTheCursor() {
        // given: units with adversarial keys ("/", an empty-looking id, a key that is another's prefix, non-BMP)
        // due at 5,000 (decided at 0), 6,000 and 7,000
        KeyValueStore<String, String> store = store();
        DueIndex index = new DueIndex(store, ATTRIBUTION);
        List<String> early = List.of("SESSION/", "SESSION/a/b", "SESSION/a", "USER/\uD83D\uDE00", "SESSION/ä");
        early.forEach(unit -> index.move(unit, null, decided(0)));
        index.move("SESSION/later", null, decided(1_000));
        index.move("SESSION/latest", null, decided(2_000));

        // when / then: nothing is due before 5,000
        assertThat(index.dueBy(4_999, null, 10).entries()).isEmpty();
        // the five due at 5,000, two at a time, each batch after the last one's cursor
        DueIndex.Batch first = index.dueBy(5_000, null, 2);
        DueIndex.Batch second = index.dueBy(5_000, first.entries().get(1).key(), 2);
        DueIndex.Batch third = index.dueBy(5_000, second.entries().get(1).key(), 2);
        assertThat(first.more()).isTrue();
        assertThat(second.more()).isTrue();
        assertThat(third.more()).isFalse();
        assertThat(third.entries()).hasSize(1);
        List<DueIndex.Entry> read = Stream.of(first, second, third).flatMap(b -> b.entries().stream()).toList();
        assertThat(read).extracting(DueIndex.Entry::unit).containsExactlyInAnyOrderElementsOf(early);
        assertThat(read).extracting(DueIndex.Entry::due).containsOnly(5_000L);
        assertThat(index.dueBy(6_000, null, 10).entries()).extracting(DueIndex.Entry::unit)
                .hasSize(6).contains("SESSION/later").doesNotContain("SESSION/latest");
    }

    @Test
    void shouldMoveAnEntryWithTheUnitAndDropItWithTheUnit() {
        KeyValueStore<String, String> store = store();
        DueIndex index = new DueIndex(store, ATTRIBUTION);
        index.move("SESSION/s", null, decided(0));
        index.move("SESSION/s", decided(0), decided(3_000));
        assertThat(store.approximateNumEntries()).isEqualTo(1);
        assertThat(store.get(DueIndex.key(8_000, "SESSION/s"))).isEqualTo("SESSION/s");
        assertThat(index.ensure("SESSION/s", decided(3_000))).as("already there").isFalse();

        index.move("SESSION/s", decided(3_000), null);
        assertThat(store.approximateNumEntries()).isZero();
        assertThat(index.ensure("SESSION/s", decided(3_000))).as("missing: written").isTrue();
        assertThat(store.get(DueIndex.key(8_000, "SESSION/s"))).isEqualTo("SESSION/s");
    }

    /** A unit assigned at {@code time}: due when its marker is forgotten, memory (5,000) later. */
    private static UnitState decided(long time) {
        return ATTRIBUTION.apply(UnitState.empty(UnitKind.SESSION),
                new Decision(time, 1, List.of(new Decision.Assigned("exp", 1, "control", false)), null),
                Catalog.EMPTY, time).next();
    }

    private static KeyValueStore<String, String> store() {
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("due"),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
