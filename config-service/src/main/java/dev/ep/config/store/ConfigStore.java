package dev.ep.config.store;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.CommandContext;
import dev.ep.config.change.TeamScope;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigDecider;
import dev.ep.config.change.ConfigEvent;
import dev.ep.config.change.ConfigState;
import dev.ep.config.dryrun.DryRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The write path and the current state. One transaction per command: lock the chain head (which serializes writers,
 * so global sequence order is commit order), bring the state up to the head, decide, append events and outbox rows,
 * rewrite the projection, move the head, commit. A refused command throws before anything is written.
 *
 * <p>The state is the fold of the log, kept in memory and caught up incrementally from the database on every read
 * and write, so several instances on one database stay correct.
 */
@Service
public class ConfigStore {

    public static final String SYSTEM_ACTOR = "system";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigStore.class);

    private final EventStore events;
    private final Projection projection;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    private final AtomicReference<ConfigState> cache = new AtomicReference<>(ConfigState.EMPTY);

    public ConfigStore(EventStore events, Projection projection, TransactionTemplate tx, Clock clock,
            ApplicationEventPublisher publisher) {
        this.events = events;
        this.projection = projection;
        this.tx = tx;
        this.clock = clock;
        this.publisher = publisher;
    }

    /** What a command appended, and the state after it. */
    public record Committed(List<StoredEvent> events, ConfigState state) {
        public long lastSequence() {
            return events.isEmpty() ? state.events() : events.get(events.size() - 1).sequence();
        }
    }

    /** Published (as a Spring application event) after a commit that appended events. */
    public record Appended(long lastSequence) {
    }

    /** The decision time: now, to the millisecond (what the log, the hash and Avro all keep). */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public CommandContext context(String actor, Optional<String> reason, OptionalLong expectedVersion,
            TeamScope scope) {
        return new CommandContext(actor, reason, now(), expectedVersion, scope);
    }

    public Committed execute(ConfigCommand command, CommandContext context) {
        return write(state -> ConfigDecider.decide(state, command, context), context);
    }

    /**
     * What the command would do against the current state, refused exactly as {@link #execute} would refuse it; it
     * takes no lock and writes nothing (a later real command is decided again against the state of its time).
     */
    public DryRun dryRun(ConfigCommand command, CommandContext context) {
        return DryRun.of(state(), command, context);
    }

    /** Creates the default layer when the log has none (idempotent, safe with concurrent instances). */
    public Committed bootstrap() {
        return write(ConfigDecider::bootstrap, new CommandContext(SYSTEM_ACTOR, Optional.of("bootstrap"), now(),
                OptionalLong.empty()));
    }

    private Committed write(Function<ConfigState, List<ConfigEvent>> decision, CommandContext context) {
        Committed committed = tx.execute(status -> {
            EventStore.Head head = events.lockHead();
            ConfigState state = caughtUp(head.lastSequence());
            List<ConfigEvent> decided = decision.apply(state);
            List<StoredEvent> stored = new ArrayList<>(decided.size());
            Set<AggregateRef> touched = new LinkedHashSet<>();
            long sequence = head.lastSequence();
            String previous = head.lastHash().orElse(null);
            for (ConfigEvent event : decided) {
                sequence++;
                int version = Math.toIntExact(state.version(event.aggregate()) + 1);
                String type = EventJson.type(event);
                String payload = CanonicalJson.write(EventJson.encode(event));
                String reason = context.reason().orElse(null);
                String hash = HashChain.hash(sequence, event.aggregate().type().name(), event.aggregate().id(),
                        version, type, payload, context.actor(), reason, context.now(), previous);
                StoredEvent e = new StoredEvent(sequence, event.aggregate(), version, type, payload, context.actor(),
                        context.reason(), context.now(), Optional.ofNullable(previous), hash, event);
                events.append(e);
                stored.add(e);
                state = state.apply(event);
                touched.add(event.aggregate());
                previous = hash;
            }
            for (AggregateRef ref : touched) {
                projection.write(state, ref, sequence);
            }
            if (!stored.isEmpty()) {
                events.moveHead(sequence, previous);
            }
            return new Committed(stored, state);
        });
        offer(committed.state());
        if (!committed.events().isEmpty()) {
            LOG.debug("Committed sequences {}..{}", committed.events().get(0).sequence(), committed.lastSequence());
            publisher.publishEvent(new Appended(committed.lastSequence()));
        }
        return committed;
    }

    /** The current state (caught up with everything committed so far). */
    public ConfigState state() {
        return caughtUp(events.head().lastSequence());
    }

    public List<StoredEvent> history(AggregateRef aggregate) {
        return events.history(aggregate);
    }

    public AuditReport verify() {
        return tx.execute(status -> events.verify());
    }

    /** The fold of the log up to {@code sequence} (which must be committed, or locked by the caller). */
    private ConfigState caughtUp(long sequence) {
        ConfigState state = cache.get();
        if (state.events() > sequence) {
            state = ConfigState.EMPTY; // the database is behind the cache (never in normal operation): replay
        }
        if (state.events() < sequence) {
            for (StoredEvent e : events.read(state.events(), sequence)) {
                if (e.sequence() != state.events() + 1) {
                    throw new IllegalStateException("event log has a gap before sequence " + e.sequence());
                }
                state = state.apply(e.event());
            }
            offer(state);
        }
        return state;
    }

    private void offer(ConfigState state) {
        cache.accumulateAndGet(state, (current, next) -> next.events() > current.events() ? next : current);
    }
}
