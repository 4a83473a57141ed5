package dev.ep.simulator.ledger;

import java.util.ArrayList;
import java.util.List;

/** A ledger in memory (tests, offline checks of a model), bounded by a number of entries. */
public final class MemoryLedger implements Ledger {

    private final RunHeader header;
    private final int maxEntries;
    private final List<LedgerEntry> entries = new ArrayList<>();

    public MemoryLedger(RunHeader header, int maxEntries) {
        this.header = header;
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized void append(LedgerEntry entry) {
        entries.add(entry.withSeq(entries.size() + 1));
    }

    @Override
    public synchronized boolean full() {
        return entries.size() >= maxEntries;
    }

    public synchronized LedgerContents contents() {
        return new LedgerContents(header, List.copyOf(entries), false);
    }

    @Override
    public void close() {
    }
}
