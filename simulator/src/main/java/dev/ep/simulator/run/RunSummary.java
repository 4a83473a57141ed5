package dev.ep.simulator.run;

/**
 * What a run did: sessions planned, run to the end, failed inside the simulator (an exception, not an HTTP failure:
 * those are in the ledger), started later than their arrival time in real-time mode (every worker busy), and
 * whether the ledger's bound stopped it early.
 */
public record RunSummary(int planned, long completed, long failed, long lateStarts, boolean stoppedByLedgerBound,
        long durationMillis, long orders, long revenueMinor) {
}
