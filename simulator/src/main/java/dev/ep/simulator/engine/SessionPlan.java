package dev.ep.simulator.engine;

/**
 * One session to simulate: its index (which fixes its random stream), id, arrival time since the run's start, the
 * returning user it belongs to (null: a new visitor) and, for a QA session, the experiment (platform id) and
 * treatment its override forces.
 */
public record SessionPlan(long index, String sessionId, long arrivalMillis, String returningUserId,
        String qaExperimentId, String qaTreatment) {

    public boolean qa() {
        return qaExperimentId != null;
    }
}
