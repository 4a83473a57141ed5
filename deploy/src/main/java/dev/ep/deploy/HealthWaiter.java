package dev.ep.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Waits until every target reports healthy, failing fast when one of their processes exits and giving up after a
 * timeout. Time and sleeping are passed in so the waiting logic is tested without real time passing.
 */
final class HealthWaiter {

    /** Something to wait for: its probe, and how to tell its process has already ended. */
    record Target(String name, HealthProbe probe, Supplier<OptionalInt> exitCode) {
        Target {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(probe, "probe");
            Objects.requireNonNull(exitCode, "exitCode");
        }
    }

    sealed interface Outcome permits Ready, Exited, TimedOut, Cancelled {
    }

    record Ready(Duration after) implements Outcome {
    }

    record Exited(String name, int exitCode) implements Outcome {
    }

    record TimedOut(List<String> notReady, Duration after) implements Outcome {
    }

    record Cancelled() implements Outcome {
    }

    /** Progress reports while waiting. */
    interface Listener {
        void ready(String name, Duration after);

        void stillWaiting(List<String> names, Duration elapsed);
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final Duration pollInterval;
    private final Duration progressInterval;

    HealthWaiter(LongSupplier nanoTime, Sleeper sleeper, Duration pollInterval, Duration progressInterval) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
        this.progressInterval = progressInterval;
    }

    static HealthWaiter realTime() {
        return new HealthWaiter(System::nanoTime, d -> Thread.sleep(d.toMillis()),
                Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    /**
     * Polls every target not yet healthy until all are, one exits, the timeout passes or {@code cancelled} turns true.
     */
    Outcome await(List<Target> targets, Duration timeout, BooleanSupplier cancelled, Listener listener)
            throws InterruptedException {
        long start = nanoTime.getAsLong();
        long nextProgress = start + progressInterval.toNanos();
        Map<String, Target> waiting = new LinkedHashMap<>();
        targets.forEach(t -> waiting.put(t.name(), t));
        while (true) {
            if (cancelled.getAsBoolean()) {
                return new Cancelled();
            }
            for (Target target : new ArrayList<>(waiting.values())) {
                OptionalInt exit = target.exitCode().get();
                if (exit.isPresent()) {
                    return new Exited(target.name(), exit.getAsInt());
                }
                if (target.probe().isHealthy()) {
                    waiting.remove(target.name());
                    listener.ready(target.name(), since(start));
                }
            }
            if (waiting.isEmpty()) {
                return new Ready(since(start));
            }
            long now = nanoTime.getAsLong();
            if (now - start >= timeout.toNanos()) {
                return new TimedOut(List.copyOf(waiting.keySet()), since(start));
            }
            if (now >= nextProgress) {
                listener.stillWaiting(List.copyOf(waiting.keySet()), since(start));
                nextProgress = now + progressInterval.toNanos();
            }
            sleeper.sleep(pollInterval);
        }
    }

    private Duration since(long start) {
        return Duration.ofNanos(nanoTime.getAsLong() - start);
    }
}
