package dev.ep.assignment.assign;

import dev.ep.assignment.api.ApiException;
import dev.ep.assignment.api.ErrorCode;
import dev.ep.assignment.core.Assignment;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.CompiledExperiment;
import dev.ep.assignment.core.Explanation;
import dev.ep.assignment.core.HoldoutMembership;
import dev.ep.assignment.core.LayerOutcome;
import dev.ep.assignment.core.UnitType;
import dev.ep.assignment.events.EventPublisher;
import dev.ep.assignment.events.OutboundEvent;
import dev.ep.assignment.snapshot.ConfigFeed;
import dev.ep.assignment.token.Exposure;
import dev.ep.assignment.token.ExposureToken;
import dev.ep.assignment.token.ExposureTokens;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.targeting.CompiledTargeting;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Assigns with the current configuration snapshot and emits what happened: one {@code AssignmentDecision} per
 * assign call (with the holdout membership, and per experiment the unit hashed), an exposure token per assigned
 * experiment, and a {@code CoverageEvent} per covered experiment. Coverage is either re-derived here from the context
 * (the client names experiments, never treatments that would be believed) or read from this service's own exposure
 * tokens; it is never taken from the client.
 */
@Service
class AssignmentService {

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentService.class);
    /** Integer's own cache ends at 127; buckets and slots are mostly 0 to 9,999 (10,000-bucket layers): 200 KB. */
    private static final Integer[] BOXED = IntStream.range(0, 10_000).boxed().toArray(Integer[]::new);

    /** Outcome of one coverage claim. */
    record CoverageItem(String experimentId, String status, String treatment) {
        static final String COVERED = "covered";
        static final String NOT_ASSIGNED = "not_assigned";
    }

    /** A claimed experiment whose applicability the context cannot decide, and what would decide it. */
    record MissingContext(String experimentId, List<String> send) {
    }

    /** A token refused: its index in the call, why, and the detail. */
    record TokenRefusal(int index, ExposureTokens.Reason reason, String detail) {
    }

    private final ConfigFeed feed;
    private final EventPublisher publisher;
    private final ExposureTokens tokens;
    private final ServedTables tables;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Map<String, Counter>> assignmentCounters = new ConcurrentHashMap<>();
    private final Set<String> untokenable = ConcurrentHashMap.newKeySet();

    AssignmentService(ConfigFeed feed, EventPublisher publisher, ExposureTokens tokens, ServedTables tables,
            MeterRegistry meters, Clock clock) {
        this.feed = feed;
        this.publisher = publisher;
        this.tokens = tokens;
        this.tables = tables;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Assigns, emits the decision and the requested coverage; returns the assignment, the covered ids, and per
     * assigned experiment (in the assignment's order) its exposure token and its answer head from the snapshot's
     * {@link ServedTable}.
     */
    AssignResult assign(AssignmentRequest request, Cover cover) {
        CompiledConfig config = feed.current();
        Assignment assignment = config.assign(request);
        ServedTable table = tables.of(config);
        Instant now = clock.instant();
        List<LayerOutcome.Assigned> outcomes = assignment.assigned();
        int n = outcomes.size();
        List<ExperimentAssignment> decisions = new ArrayList<>(n);
        List<String> covered = cover.none() ? List.of() : new ArrayList<>();
        String[] issued = new String[n];
        byte[][] heads = new byte[n][];
        ExposureTokens.Issuer issuer = n == 0 ? null : issuer(request, now);
        for (int i = 0; i < n; i++) {
            LayerOutcome.Assigned a = outcomes.get(i);
            ServedTable.Entry entry = table.entry(a);
            // the generated all-args constructor, not the builder: the same record without the builder's field
            // array, set flags and per-field checks on the request thread (every value here is non-null); bucket and
            // slot boxed from a table, not allocated (they are mostly above Integer's own cache)
            decisions.add(new ExperimentAssignment(a.layerId(), a.experimentId(), a.experiment().version(),
                    a.experiment().phase(), a.treatment().name(), boxed(a.bucket()),
                    a.forced() ? null : boxed(a.slot()), a.forced(), Exposures.avro(a.unitType()), a.unitId()));
            count(entry, a);
            heads[i] = entry.answerHead();
            issued[i] = token(issuer, entry, a, assignment.configVersion());
            if (cover.includes(a.experimentId())) {
                // decided and covered in one call: the event's own time is the decision's (decisionTime stays for
                // token coverage, as docs/analysis-contract.md defines it)
                Exposure exposure = Exposures.of(request, a, assignment.configVersion());
                publisher.publish(OutboundEvent.coverage(Exposures.coverage(exposure, request.page(), now, null)));
                covered.add(a.experimentId());
            }
        }
        HoldoutMembership holdout = assignment.holdout();
        publisher.publish(OutboundEvent.assignment(new AssignmentDecision(eventId(), now, request.sessionId(),
                request.userId(), request.page(), request.attributes(), assignment.configVersion(), holdout.member(),
                Exposures.avro(holdout.unitType()), holdout.unitId(), holdout.basisPoints(), decisions)));
        return new AssignResult(assignment, covered, issued, heads);
    }

    /**
     * @param tokens the exposure token of each assigned experiment, in the order of the assignment ({@code null} where
     *               none could be issued)
     * @param heads  the answer JSON rendered for each assigned experiment's treatment ({@link ServedTable}), same order
     */
    record AssignResult(Assignment assignment, List<String> covered, String[] tokens, byte[][] heads) {
    }

    /**
     * Context-based coverage: all or nothing. A claimed experiment the context cannot decide (see
     * {@link #missingContext}) refuses the call; so does a claimed treatment that differs from the derived one.
     */
    CoverageResult cover(AssignmentRequest request, List<CoverageController.Claim> claims) {
        CompiledConfig config = feed.current();
        Assignment assignment = config.assign(request);
        List<CoverageItem> items = new ArrayList<>(claims.size());
        List<LayerOutcome.Assigned> toEmit = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        List<MissingContext> incomplete = new ArrayList<>();
        for (CoverageController.Claim claim : claims) {
            LayerOutcome.Assigned match = null;
            for (LayerOutcome.Assigned a : assignment.assigned()) {
                if (a.experimentId().equals(claim.experimentId())) {
                    match = a;
                }
            }
            if (match == null) {
                List<String> send = missingContext(config, assignment, request, claim.experimentId());
                if (!send.isEmpty()) {
                    incomplete.add(new MissingContext(claim.experimentId(), send));
                } else if (claim.treatment() != null) {
                    mismatches.add(claim.experimentId() + ": claimed '" + claim.treatment()
                            + "' but the unit is not assigned to this experiment");
                } else {
                    items.add(new CoverageItem(claim.experimentId(), CoverageItem.NOT_ASSIGNED, null));
                }
            } else if (claim.treatment() != null && !claim.treatment().equals(match.treatment().name())) {
                mismatches.add(claim.experimentId() + ": claimed '" + claim.treatment() + "' but the unit is assigned '"
                        + match.treatment().name() + "'");
            } else {
                items.add(new CoverageItem(claim.experimentId(), CoverageItem.COVERED, match.treatment().name()));
                toEmit.add(match);
            }
        }
        if (!incomplete.isEmpty() || !mismatches.isEmpty()) {
            return new CoverageResult(assignment.configVersion(), List.of(), mismatches, incomplete, List.of());
        }
        Instant now = clock.instant();
        for (LayerOutcome.Assigned a : toEmit) {
            publisher.publish(OutboundEvent.coverage(Exposures.coverage(
                    Exposures.of(request, a, assignment.configVersion()), request.page(), now, null)));
        }
        return new CoverageResult(assignment.configVersion(), items, List.of(), List.of(), List.of());
    }

    /**
     * Token-based coverage: every token must be genuine, unexpired and this session's, or nothing is recorded. Each
     * coverage event is the exposure as the token states it (treatment as served, {@code decisionTime} = the token's
     * issue time), whatever the configuration is now.
     */
    CoverageResult coverTokens(String sessionId, String page, List<String> presented) {
        Instant now = clock.instant();
        List<TokenRefusal> refusals = new ArrayList<>();
        List<ExposureToken> verified = new ArrayList<>(presented.size());
        for (int i = 0; i < presented.size(); i++) {
            ExposureTokens.Verification v = tokens.verify(presented.get(i), sessionId, now);
            if (v instanceof ExposureTokens.Verification.Valid valid) {
                verified.add(valid.token());
            } else if (v instanceof ExposureTokens.Verification.Refused refused) {
                refusals.add(new TokenRefusal(i, refused.reason(), refused.detail()));
            }
        }
        long configVersion = feed.current().version();
        if (!refusals.isEmpty()) {
            return new CoverageResult(configVersion, List.of(), List.of(), List.of(), refusals);
        }
        Map<String, Integer> byExperiment = new HashMap<>();
        for (int i = 0; i < verified.size(); i++) {
            Integer previous = byExperiment.putIfAbsent(verified.get(i).exposure().experimentId(), i);
            if (previous != null) {
                // one coverage event per experiment and call, as for context-based coverage
                throw new ApiException(ErrorCode.INVALID_COVER,
                        "tokens[" + i + "] and tokens[" + previous + "] are both for experiment '"
                                + verified.get(i).exposure().experimentId() + "'; send one token per experiment");
            }
        }
        List<CoverageItem> items = new ArrayList<>(verified.size());
        for (ExposureToken token : verified) {
            Exposure e = token.exposure();
            publisher.publish(OutboundEvent.coverage(Exposures.coverage(e, page, now, token.issuedAt())));
            items.add(new CoverageItem(e.experimentId(), CoverageItem.COVERED, e.treatment()));
        }
        return new CoverageResult(configVersion, items, List.of(), List.of(), List.of());
    }

    record CoverageResult(long configVersion, List<CoverageItem> items, List<String> mismatches,
            List<MissingContext> incomplete, List<TokenRefusal> refusals) {
    }

    /**
     * What the request would have to carry to decide whether the claimed experiment (not assigned) applies, or
     * nothing when the request decides it: the experiment is unknown or not running, the unit is held out, the page
     * sent is not one of the experiment's, or the attributes sent already decide its rule (then {@code not_assigned}
     * is the answer whatever else was left out). Otherwise, in order: {@code userId} for a USER experiment without
     * one, {@code page} when the experiment has a page list and none was sent, and {@code attributes.<name>} for each
     * absent attribute the rule's undecided parts read. The check does not depend on the unit's bucket, so a
     * storefront that leaves something out learns it on its first call, not on a share of them.
     */
    static List<String> missingContext(CompiledConfig config, Assignment assignment, AssignmentRequest request,
            String experimentId) {
        CompiledExperiment e = config.experiment(experimentId);
        if (e == null || !e.assignable()) {
            return List.of();
        }
        HoldoutMembership holdout = assignment.holdout();
        if (holdout.member() && holdout.unitType() == e.unitType()) {
            return List.of();
        }
        CompiledTargeting targeting = e.targeting();
        if (request.page() != null && !targeting.pageMatches(request.page())) {
            return List.of();
        }
        Set<String> undecided = targeting.undecidedAttributes(request.attributes());
        if (undecided.isEmpty() && !targeting.ruleMatches(request.attributes())) {
            return List.of();
        }
        List<String> send = new ArrayList<>();
        if (e.unitType() == UnitType.USER && request.userId() == null) {
            send.add("userId");
        }
        if (request.page() == null && !targeting.pageMatches(null)) {
            send.add("page");
        }
        undecided.forEach(name -> send.add("attributes." + name));
        return send;
    }

    Explanation explain(AssignmentRequest request) {
        return feed.current().explain(request);
    }

    /** The request's token issuer; {@code null} (and a warning) when its ids cannot be carried in a token. */
    private ExposureTokens.Issuer issuer(AssignmentRequest request, Instant now) {
        try {
            return tokens.issuer(request.sessionId(), request.userId(), now);
        } catch (IllegalArgumentException e) {
            LOG.warn("No exposure tokens for session {}: {}", request.sessionId(), e.getMessage());
            return null;
        }
    }

    /** The token of an assignment; {@code null} (and a warning, once per experiment) when it cannot be carried. */
    private String token(ExposureTokens.Issuer issuer, ServedTable.Entry entry, LayerOutcome.Assigned a,
            long configVersion) {
        if (issuer == null) {
            return null;
        }
        ExposureTokens.Texts texts = entry.tokenTexts();
        if (texts == null) {
            untokenable(a.experimentId(), entry.tokenProblem());
            return null;
        }
        try {
            return issuer.issue(texts, configVersion, a.experiment().version(), a.experiment().phase(), a.bucket(),
                    a.slot(), a.forced(), a.unitType(), a.unitId());
        } catch (IllegalArgumentException e) {
            untokenable(a.experimentId(), e.getMessage());
            return null;
        }
    }

    /** Warns once per experiment that its assignments go without a token. */
    private void untokenable(String experimentId, String why) {
        if (untokenable.add(experimentId)) {
            LOG.warn("No exposure token for experiment {}: {}", experimentId, why);
        }
    }

    /** The entry's counter once it has one (the common case); looked up, or created once per pair, before that. */
    private void count(ServedTable.Entry entry, LayerOutcome.Assigned a) {
        Counter counter = entry.counter();
        if (counter == null) {
            Map<String, Counter> byTreatment = assignmentCounters.computeIfAbsent(a.experimentId(),
                    k -> new ConcurrentHashMap<>());
            counter = byTreatment.computeIfAbsent(a.treatment().name(), t -> Counter.builder("ep.assignments")
                    .tag("experiment", a.experimentId()).tag("treatment", t)
                    .description("Assignments answered, per experiment and treatment").register(meters));
            entry.counter(counter);
        }
        counter.increment();
    }

    static Integer boxed(int value) {
        return value >= 0 && value < BOXED.length ? BOXED[value] : Integer.valueOf(value);
    }

    /** A random (version 4) UUID from a thread-local generator: unique ids without SecureRandom's contention. */
    static String eventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
