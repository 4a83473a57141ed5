package dev.ep.simulator.run;

import java.net.URI;
import java.nio.file.Path;

/**
 * The settings of one {@code run}, each with its default (see {@code SimulatorMain}'s usage text).
 *
 * @param modelFile      the model (null: the built-in default shop)
 * @param runId          ids prefix; null: derived from the clock, so repeated runs never collide
 * @param concurrency    sessions in flight at most
 * @param speed          real-time mode: wall-clock compression (1 = real time)
 * @param slaMillis      validation 1's p99.9 bound
 * @param ledgerMaxBytes the ledger's bound
 * @param apiKey         assignment-service's API key, if it has one
 * @param ownerToken     config-service owner token (experiments)
 * @param adminToken     config-service admin token (layers, holdout)
 * @param ingestJdbc     event-ingest's database, for validation 4 (may be null)
 */
public record RunSettings(Path modelFile, long seed, int sessions, Mode mode, int concurrency, double speed,
        URI assignment, URI config, URI reporting, String ingestJdbc, Path ledger, Path reportDir, String runId,
        double slaMillis, long ledgerMaxBytes, String apiKey, String ownerToken, String adminToken, String viewerToken, String ownerTeam,
        String currency, boolean progress) {

    public RunSettings {
        if (sessions < 0 || sessions > 10_000_000) {
            throw new IllegalArgumentException("--sessions: 0..10000000, got " + sessions);
        }
        if (!(slaMillis > 0)) {
            throw new IllegalArgumentException("--sla-ms must be > 0");
        }
    }
}
