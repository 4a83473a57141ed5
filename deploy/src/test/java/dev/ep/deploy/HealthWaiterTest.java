package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthWaiterTest {

    /** Fake time: every sleep advances the clock, nothing really waits. */
    private final AtomicLong now = new AtomicLong();
    private final HealthWaiter waiter = new HealthWaiter(now::get,
            d -> now.addAndGet(d.toNanos()), Duration.ofMillis(250), Duration.ofSeconds(5));
    private final List<String> events = new ArrayList<>();
    private final HealthWaiter.Listener listener = new HealthWaiter.Listener() {
        @Override
        public void ready(String name, Duration after) {
            events.add(name + " ready after " + after.toMillis() + " ms");
        }

        @Override
        public void stillWaiting(List<String> names, Duration elapsed) {
            events.add("waiting for " + names + " at " + elapsed.toSeconds() + " s");
        }
    };

    private static HealthWaiter.Target healthyAfter(String name, int failedChecks) {
        AtomicInteger checks = new AtomicInteger();
        return new HealthWaiter.Target(name, () -> checks.incrementAndGet() > failedChecks, OptionalInt::empty);
    }

    private static HealthWaiter.Target neverHealthy(String name) {
        return new HealthWaiter.Target(name, () -> false, OptionalInt::empty);
    }

    @Test
    void shouldReportReadyWhenEveryTargetBecomesHealthy() throws Exception {
        // given
        List<HealthWaiter.Target> targets = List.of(healthyAfter("a", 0), healthyAfter("b", 3));

        // when
        HealthWaiter.Outcome outcome = waiter.await(targets, Duration.ofSeconds(60), () -> false, listener);

        // then
        assertThat(outcome).isEqualTo(new HealthWaiter.Ready(Duration.ofMillis(750)));
        assertThat(events).containsExactly("a ready after 0 ms", "b ready after 750 ms");
    }

    @Test
    void shouldStopCheckingTargetWhenItIsAlreadyHealthy() throws Exception {
        // given
        AtomicInteger checksOfA = new AtomicInteger();
        HealthWaiter.Target a = new HealthWaiter.Target("a", () -> checksOfA.incrementAndGet() > 0,
                OptionalInt::empty);

        // when
        waiter.await(List.of(a, healthyAfter("b", 10)), Duration.ofSeconds(60), () -> false, listener);

        // then
        assertThat(checksOfA).hasValue(1);
    }

    @Test
    void shouldFailFastWhenAProcessExitsBeforeItIsHealthy() throws Exception {
        // given
        AtomicInteger polls = new AtomicInteger();
        HealthWaiter.Target crashing = new HealthWaiter.Target("crashing", () -> false,
                () -> polls.incrementAndGet() > 2 ? OptionalInt.of(1) : OptionalInt.empty());

        // when
        HealthWaiter.Outcome outcome = waiter.await(List.of(neverHealthy("slow"), crashing), Duration.ofSeconds(60),
                () -> false, listener);

        // then
        assertThat(outcome).isEqualTo(new HealthWaiter.Exited("crashing", 1));
        assertThat(now.get()).isEqualTo(Duration.ofMillis(500).toNanos());
    }

    @Test
    void shouldTimeOutNamingTheLaggardsWhenTheyNeverBecomeHealthy() throws Exception {
        // when
        HealthWaiter.Outcome outcome = waiter.await(List.of(healthyAfter("fast", 0), neverHealthy("slow")),
                Duration.ofSeconds(12), () -> false, listener);

        // then
        assertThat(outcome).isInstanceOf(HealthWaiter.TimedOut.class);
        HealthWaiter.TimedOut timedOut = (HealthWaiter.TimedOut) outcome;
        assertThat(timedOut.notReady()).containsExactly("slow");
        assertThat(timedOut.after()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void shouldReportProgressEveryIntervalWhenWaitingLong() throws Exception {
        // when
        waiter.await(List.of(neverHealthy("slow")), Duration.ofSeconds(12), () -> false, listener);

        // then
        assertThat(events).containsExactly("waiting for [slow] at 5 s", "waiting for [slow] at 10 s");
    }

    @Test
    void shouldGiveUpWhenStopIsRequestedWhileWaiting() throws Exception {
        // given
        AtomicInteger polls = new AtomicInteger();

        // when
        HealthWaiter.Outcome outcome = waiter.await(List.of(neverHealthy("slow")), Duration.ofSeconds(60),
                () -> polls.incrementAndGet() > 3, listener);

        // then
        assertThat(outcome).isInstanceOf(HealthWaiter.Cancelled.class);
        assertThat(now.get()).isEqualTo(Duration.ofMillis(750).toNanos());
    }
}
