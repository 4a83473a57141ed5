package dev.ep.simulator.ledger;

/**
 * Where storefront calls are recorded as they happen. Implementations number the entries in writing order and are
 * safe for concurrent sessions.
 */
public interface Ledger extends AutoCloseable {

    void append(LedgerEntry entry);

    /** True once the ledger reached its bound; the run then starts no new session. */
    boolean full();

    @Override
    void close();
}
