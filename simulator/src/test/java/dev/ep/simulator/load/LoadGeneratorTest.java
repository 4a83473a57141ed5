package dev.ep.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.engine.Storefront;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.ledger.RunHeaders;
import dev.ep.simulator.model.ModelLoader;
import dev.ep.simulator.model.ShopModel;
import dev.ep.simulator.offline.OfflineStorefront;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The open-loop generator against the offline stand-in (the HTTP path is the same {@code HttpStorefront}). */
class LoadGeneratorTest {

    private static final ShopModel MODEL = ModelLoader.defaultModel();
    private static final RunIds IDS = new RunIds("load1");
    private static final RunHeader HEADER = RunHeaders.of(MODEL, IDS, 1, "offline", 0, 10, List.of(), Map.of());

    @Test
    void shouldSendEveryDuePageOfRealisticSessionsAtTheRate() throws InterruptedException {
        LoadGenerator.Result r = new LoadGenerator(MODEL, IDS, 1).run(200, 2, 4,
                ledger -> new OfflineStorefront(HEADER, ledger));

        assertThat(r.pagesDue()).isEqualTo(400);
        assertThat(r.pagesDone()).isEqualTo(400);
        assertThat(r.dropped()).isZero();
        assertThat(r.errors()).isZero();
        // every page asks for its assignments and sends its events; some confirm coverage
        assertThat(r.perCall().get("assign").getTotalCount()).isEqualTo(400);
        assertThat(r.perCall().get("track").getTotalCount()).isEqualTo(400);
        assertThat(r.perCall().get("cover").getTotalCount()).isPositive();
        assertThat(r.requests()).isGreaterThan(800);
        assertThat(r.sessionsStarted()).isBetween(20L, 400L); // sessions of several pages, interleaved
        assertThat(LoadRun.markdown(r)).contains("| assign | 400 |");
    }

    @Test
    void shouldCountTheWaitForABusyConnectionInTheLatencyWhenThePlatformIsSlow() throws InterruptedException {
        // one connection, 100 pages/s, each assign taking 20 ms: pages queue up, page i starts ~10·i ms late; a
        // generator that timed from the actual send would report ~20 ms, the intended send time shows the backlog
        LoadGenerator.Result r = new LoadGenerator(MODEL, IDS, 1).run(100, 1, 1,
                ledger -> slow(new OfflineStorefront(HEADER, ledger)));

        assertThat(r.pagesDone()).isEqualTo(100);
        assertThat(r.perCall().get("assign").getValueAtPercentile(99)).as("p99 µs").isGreaterThan(500_000);
        assertThat(r.achievedPagesPerSecond()).isLessThan(100);
    }

    @Test
    void shouldRefuseRatesDurationsAndConnectionsOutOfBounds() {
        LoadGenerator g = new LoadGenerator(MODEL, IDS, 1);
        assertThatThrownBy(() -> g.run(0, 1, 1, l -> null)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> g.run(1, 0, 1, l -> null)).hasMessageContaining("--seconds");
        assertThatThrownBy(() -> g.run(1, 1, 0, l -> null)).hasMessageContaining("--connections");
        assertThatThrownBy(() -> g.run(1, 1, 2000, l -> null)).hasMessageContaining("--connections");
    }

    private static Storefront slow(Storefront delegate) {
        return new Storefront() {
            @Override
            public Assignments assign(Visit visit) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return delegate.assign(visit);
            }

            @Override
            public void cover(Visit visit, List<Assignment> rendered) {
                delegate.cover(visit, rendered);
            }

            @Override
            public void track(Visit visit, List<TrackEvent> events) {
                delegate.track(visit, events);
            }
        };
    }
}
