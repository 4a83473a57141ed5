package dev.ep.reporting.stream;

import dev.ep.events.v1.ArmResult;
import dev.ep.events.v1.MetricMoments;
import dev.ep.reporting.attribution.ArmKey;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.MetricSums;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link ArmTotals} to and from the {@code ep.results} Avro record. */
public final class ArmResults {

    private ArmResults() {
    }

    static ArmResult toAvro(ArmTotals totals) {
        List<MetricMoments> metrics = new ArrayList<>();
        new TreeMap<>(totals.metrics()).forEach((name, s) -> metrics.add(MetricMoments.newBuilder()
                .setMetric(name).setN(s.n()).setSumY(s.sumY().toString()).setSumY2(s.sumY2().toString())
                .setSumX(s.sumX().toString()).setSumX2(s.sumX2().toString()).setSumXY(s.sumXY().toString())
                .build()));
        return ArmResult.newBuilder()
                .setExperimentId(totals.arm().experimentId())
                .setPhase(totals.arm().phase())
                .setTreatment(totals.arm().treatment())
                .setExposedUnits(totals.exposed())
                .setAssignedUnits(totals.assigned())
                .setCurrentTime(Instant.ofEpochMilli(Math.max(0, totals.currentTo())))
                .setMinConfigVersion(totals.minConfigVersion())
                .setMaxConfigVersion(totals.maxConfigVersion())
                .setMetrics(metrics)
                .build();
    }

    public static ArmTotals fromAvro(ArmResult r) {
        Map<String, MetricSums> metrics = new TreeMap<>();
        for (MetricMoments m : r.getMetrics()) {
            metrics.put(m.getMetric(), new MetricSums(m.getN(), new BigInteger(m.getSumY()),
                    new BigInteger(m.getSumY2()), new BigInteger(m.getSumX()), new BigInteger(m.getSumX2()),
                    new BigInteger(m.getSumXY())));
        }
        return new ArmTotals(new ArmKey(r.getExperimentId(), r.getPhase(), r.getTreatment()), r.getExposedUnits(),
                r.getAssignedUnits(), metrics, r.getCurrentTime().toEpochMilli(), r.getMinConfigVersion(),
                r.getMaxConfigVersion());
    }
}
