package dev.ep.assignment.assign;

import dev.ep.assignment.core.Assignment;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.Explanation;
import dev.ep.assignment.core.LayerOutcome;
import dev.ep.assignment.events.EventPublisher;
import dev.ep.assignment.events.OutboundEvent;
import dev.ep.assignment.snapshot.ConfigFeed;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Service;

/**
 * Assigns with the current configuration snapshot and emits what happened: one {@code AssignmentDecision} per
 * assign call, a {@code CoverageEvent} per covered experiment. Coverage is always re-derived here: the client names
 * experiments, never treatments that would be believed.
 */
@Service
class AssignmentService {

    /** Outcome of one coverage claim. */
    record CoverageItem(String experimentId, String status, String treatment) {
        static final String COVERED = "covered";
        static final String NOT_ASSIGNED = "not_assigned";
    }

    private final ConfigFeed feed;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Map<String, Counter>> assignmentCounters = new ConcurrentHashMap<>();

    AssignmentService(ConfigFeed feed, EventPublisher publisher, MeterRegistry meters, Clock clock) {
        this.feed = feed;
        this.publisher = publisher;
        this.meters = meters;
        this.clock = clock;
    }

    /** Assigns, emits the decision and the requested coverage; returns the assignment and the covered ids. */
    AssignResult assign(AssignmentRequest request, Cover cover) {
        Assignment assignment = feed.current().assign(request);
        Instant now = clock.instant();
        List<ExperimentAssignment> decisions = new ArrayList<>(assignment.assigned().size());
        List<String> covered = cover.none() ? List.of() : new ArrayList<>();
        for (LayerOutcome.Assigned a : assignment.assigned()) {
            decisions.add(ExperimentAssignment.newBuilder().setLayerId(a.layerId()).setExperimentId(a.experimentId())
                    .setExperimentVersion(a.experiment().version()).setPhase(a.experiment().phase())
                    .setTreatment(a.treatment().name()).setBucket(a.bucket()).setSlot(a.forced() ? null : a.slot())
                    .setForced(a.forced()).build());
            count(a);
            if (cover.includes(a.experimentId())) {
                publisher.publish(OutboundEvent.coverage(coverage(request, a, assignment.configVersion(), now)));
                covered.add(a.experimentId());
            }
        }
        publisher.publish(OutboundEvent.assignment(AssignmentDecision.newBuilder()
                .setEventId(eventId()).setTime(now).setSessionId(request.sessionId()).setUserId(request.userId())
                .setPage(request.page()).setAttributes(request.attributes())
                .setConfigVersion(assignment.configVersion()).setHoldout(assignment.heldOut())
                .setDecisions(decisions).build()));
        return new AssignResult(assignment, covered);
    }

    record AssignResult(Assignment assignment, List<String> covered) {
    }

    /** Coverage claims: all or nothing. A claimed treatment that differs from the derived one refuses the call. */
    CoverageResult cover(AssignmentRequest request, List<CoverageController.Claim> claims) {
        CompiledConfig config = feed.current();
        Assignment assignment = config.assign(request);
        List<CoverageItem> items = new ArrayList<>(claims.size());
        List<LayerOutcome.Assigned> toEmit = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (CoverageController.Claim claim : claims) {
            LayerOutcome.Assigned match = null;
            for (LayerOutcome.Assigned a : assignment.assigned()) {
                if (a.experimentId().equals(claim.experimentId())) {
                    match = a;
                }
            }
            if (match == null) {
                if (claim.treatment() != null) {
                    mismatches.add(claim.experimentId() + ": claimed '" + claim.treatment()
                            + "' but the unit is not assigned to this experiment");
                }
                items.add(new CoverageItem(claim.experimentId(), CoverageItem.NOT_ASSIGNED, null));
            } else if (claim.treatment() != null && !claim.treatment().equals(match.treatment().name())) {
                mismatches.add(claim.experimentId() + ": claimed '" + claim.treatment() + "' but the unit is assigned '"
                        + match.treatment().name() + "'");
            } else {
                items.add(new CoverageItem(claim.experimentId(), CoverageItem.COVERED, match.treatment().name()));
                toEmit.add(match);
            }
        }
        if (!mismatches.isEmpty()) {
            return new CoverageResult(assignment.configVersion(), List.of(), mismatches);
        }
        Instant now = clock.instant();
        for (LayerOutcome.Assigned a : toEmit) {
            publisher.publish(OutboundEvent.coverage(coverage(request, a, assignment.configVersion(), now)));
        }
        return new CoverageResult(assignment.configVersion(), items, List.of());
    }

    record CoverageResult(long configVersion, List<CoverageItem> items, List<String> mismatches) {
    }

    Explanation explain(AssignmentRequest request) {
        return feed.current().explain(request);
    }

    private CoverageEvent coverage(AssignmentRequest request, LayerOutcome.Assigned a, long configVersion,
            Instant now) {
        return CoverageEvent.newBuilder().setEventId(eventId()).setTime(now).setSessionId(request.sessionId())
                .setUserId(request.userId()).setLayerId(a.layerId()).setExperimentId(a.experimentId())
                .setExperimentVersion(a.experiment().version()).setPhase(a.experiment().phase())
                .setTreatment(a.treatment().name()).setSlot(a.forced() ? null : a.slot()).setForced(a.forced())
                .setPage(request.page()).setConfigVersion(configVersion).build();
    }

    private void count(LayerOutcome.Assigned a) {
        assignmentCounters.computeIfAbsent(a.experimentId(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(a.treatment().name(), t -> Counter.builder("ep.assignments")
                        .tag("experiment", a.experimentId()).tag("treatment", t)
                        .description("Assignments answered, per experiment and treatment").register(meters))
                .increment();
    }

    /** A random (version 4) UUID from a thread-local generator: unique ids without SecureRandom's contention. */
    static String eventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
