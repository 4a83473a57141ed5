package dev.ep.simulator.engine;

import java.util.regex.Pattern;

/**
 * Every id a run sends, derived from the run id, so two runs against the same platform never share an experiment,
 * layer, session, user, event or order id (reporting and event-ingest deduplicate on them), and a run with the same
 * seed and run id sends the same ids again. All ids follow the platform's id grammar (docs/ids.md).
 */
public record RunIds(String runId) {

    private static final Pattern RUN_ID = Pattern.compile("[a-z0-9]{1,12}");

    public RunIds {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id: 1-12 of [a-z0-9], got '" + runId + "'");
        }
    }

    public String experiment(String modelId) {
        return modelId + "-" + runId;
    }

    public String layer(String modelId) {
        return modelId + "-" + runId;
    }

    public String session(long index) {
        return "s-" + runId + "-" + index;
    }

    public String qaSession(String experimentModelId, String treatment, int n) {
        return "qa-" + runId + "-" + experimentModelId + "-" + treatment + "-" + n;
    }

    public String user(int poolIndex) {
        return "u-" + runId + "-" + poolIndex;
    }

    public String event(long sessionIndex, int n) {
        return "e-" + runId + "-" + sessionIndex + "-" + n;
    }

    public String order(long sessionIndex, int n) {
        return "o-" + runId + "-" + sessionIndex + "-" + n;
    }
}
