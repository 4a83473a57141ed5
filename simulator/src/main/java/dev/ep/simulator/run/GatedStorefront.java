package dev.ep.simulator.run;

import dev.ep.simulator.engine.Storefront;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The change barrier: every storefront call holds the read side of a fair lock, and a configuration change holds the
 * write side while it is made. So every call recorded before a change was answered before the change was sent, and
 * every call after it was sent once assignment-service served the change: no call is in flight across a change, and
 * the ledger's order is exact for phases, traffic steps and carry-over. Sessions keep their state across the pause
 * (a session in flight has pages before and after the change), only the calls wait.
 */
final class GatedStorefront implements Storefront {

    private final Storefront delegate;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    GatedStorefront(Storefront delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code change} with no call in flight. */
    <T> T exclusively(Exclusive<T> change) throws InterruptedException {
        lock.writeLock().lockInterruptibly();
        try {
            return change.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @FunctionalInterface
    interface Exclusive<T> {
        T run() throws InterruptedException;
    }

    @Override
    public Assignments assign(Visit visit) {
        lock.readLock().lock();
        try {
            return delegate.assign(visit);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void cover(Visit visit, List<Assignment> rendered) {
        lock.readLock().lock();
        try {
            delegate.cover(visit, rendered);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void track(Visit visit, List<TrackEvent> events) {
        lock.readLock().lock();
        try {
            delegate.track(visit, events);
        } finally {
            lock.readLock().unlock();
        }
    }
}
