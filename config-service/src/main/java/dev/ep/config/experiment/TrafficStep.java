package dev.ep.config.experiment;

import java.time.Instant;

/**
 * From {@code from} on, the experiment owned {@code trafficBasisPoints} of its layer's buckets, and assigned units
 * from them unless paused ({@code assigning} false: a paused experiment keeps its buckets but assigns nothing).
 */
public record TrafficStep(Instant from, int trafficBasisPoints, boolean assigning) {

    public TrafficStep {
        if (from == null || trafficBasisPoints < 0 || trafficBasisPoints > 10_000) {
            throw new IllegalArgumentException("a time and a share of 0 to 10000 basis points are required");
        }
    }
}
