package dev.ep.config.api.experiment;

import java.util.List;

import dev.ep.config.allocation.Range;
import dev.ep.config.dryrun.DryRun;
import dev.ep.config.view.ExperimentView;
import dev.ep.config.view.ExperimentView.RangeView;

/**
 * The answer to {@code ?dryRun=true} on start, ramp and weights: what the change would do (see {@link DryRun}) and
 * the experiment as it would be after it. Ranges are {@code [start, end)}, as in the experiment view.
 */
record DryRunView(boolean dryRun, String experimentId, String change, DryRun.Versions version, DryRun.Phases phase,
        DryRun.Traffic traffic, BucketsView buckets, SlotsView slots, DryRun.Units units, String summary,
        ExperimentView experiment) {

    record BucketsView(String layer, int layerBucketCount, List<RangeView> claimed, List<RangeView> released,
            int claimedCount, int releasedCount) {
    }

    record SlotsView(int total, int moved, List<SlotMoveView> moves) {
    }

    record SlotMoveView(String from, String to, int slots, List<RangeView> ranges) {
    }

    static DryRunView of(DryRun d) {
        DryRun.Buckets b = d.buckets();
        return new DryRunView(true, d.experimentId().value(), d.change().name(), d.version(), d.phase(), d.traffic(),
                new BucketsView(b.layer().value(), b.layerBucketCount(), ranges(b.claimed()), ranges(b.released()),
                        b.claimedCount(), b.releasedCount()),
                new SlotsView(d.slots().total(), d.slots().moved(), d.slots().moves().stream()
                        .map(m -> new SlotMoveView(m.from(), m.to(), m.slots(), ranges(m.ranges()))).toList()),
                d.units(), d.summary(), ExperimentView.of(d.after(), d.version().after()));
    }

    private static List<RangeView> ranges(List<Range> ranges) {
        return ranges.stream().map(r -> new RangeView(r.start(), r.end())).toList();
    }
}
