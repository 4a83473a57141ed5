package dev.ep.assignment.assign;

import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.CompiledExperiment;
import dev.ep.assignment.core.CompiledLayer;
import dev.ep.assignment.core.LayerOutcome;
import dev.ep.assignment.core.Treatment;
import dev.ep.assignment.token.ExposureTokens;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one configuration snapshot answers alike for every unit given a treatment, prepared once per snapshot (issue
 * 13): per experiment and treatment, the answer's JSON up to {@code "forced":} ({@link AssignJson#head}), the
 * exposure token's texts ({@link ExposureTokens#texts}) and the {@code ep.assignments} counter. An assignment finds its
 * entry with two array reads (the experiment's {@link CompiledExperiment#ordinal() ordinal}, the treatment's index)
 * instead of encoding, escaping and looking up the same strings for each of a request's ~50 assignments at 1,000
 * experiments.
 *
 * <p>Bound: one entry per treatment of the snapshot's assignable experiments (a few hundred bytes each: the rendered
 * head is the treatment's variables plus ~60 bytes); {@link ServedTables} keeps at most two tables.
 */
final class ServedTable {

    /** One treatment of one experiment in this snapshot. */
    static final class Entry {
        private final byte[] answerHead;
        private final ExposureTokens.Texts tokenTexts;
        private final String tokenProblem;
        /**
         * Set on first use: a benign race (every thread sets the same instance, taken from one concurrent map, and a
         * counter's fields are final), so no synchronisation on the hot path.
         */
        private Counter counter;

        private Entry(byte[] answerHead, ExposureTokens.Texts tokenTexts, String tokenProblem) {
            this.answerHead = answerHead;
            this.tokenTexts = tokenTexts;
            this.tokenProblem = tokenProblem;
        }

        static Entry of(JsonMapper mapper, CompiledExperiment experiment, Treatment treatment) {
            ExposureTokens.Texts texts = null;
            String problem = null;
            try {
                texts = ExposureTokens.texts(experiment.id(), experiment.layerId(), treatment.name());
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            return new Entry(AssignJson.head(mapper, experiment.id(), experiment.layerId(), treatment.name(),
                    treatment.variables()), texts, problem);
        }

        byte[] answerHead() {
            return answerHead;
        }

        /** The token's texts, or {@code null} when they cannot be carried in a token ({@link #tokenProblem()}). */
        ExposureTokens.Texts tokenTexts() {
            return tokenTexts;
        }

        String tokenProblem() {
            return tokenProblem;
        }

        Counter counter() {
            return counter;
        }

        void counter(Counter counter) {
            this.counter = counter;
        }
    }

    private final CompiledConfig config;
    private final JsonMapper mapper;
    /** By ordinal: the snapshot's experiment instance the entries are of; {@code null} where it cannot assign. */
    private final CompiledExperiment[] experiments;
    /** By experiment ordinal, then treatment index; {@code null} for an experiment that cannot assign. */
    private final Entry[][] entries;

    private ServedTable(CompiledConfig config, JsonMapper mapper, CompiledExperiment[] experiments,
            Entry[][] entries) {
        this.config = config;
        this.mapper = mapper;
        this.experiments = experiments;
        this.entries = entries;
    }

    /** The table of {@code config}: every treatment of every experiment that can assign. */
    static ServedTable of(CompiledConfig config, JsonMapper mapper) {
        CompiledExperiment[] experiments = new CompiledExperiment[config.experimentCount()];
        Entry[][] entries = new Entry[config.experimentCount()][];
        for (CompiledLayer layer : config.layers()) {
            for (CompiledExperiment e : layer.experiments()) {
                if (!e.assignable()) {
                    continue;
                }
                List<Treatment> treatments = e.treatments();
                Entry[] byTreatment = new Entry[treatments.size()];
                for (int t = 0; t < byTreatment.length; t++) {
                    byTreatment[t] = Entry.of(mapper, e, treatments.get(t));
                }
                experiments[e.ordinal()] = e;
                entries[e.ordinal()] = byTreatment;
            }
        }
        return new ServedTable(config, mapper, experiments, entries);
    }

    CompiledConfig config() {
        return config;
    }

    /**
     * The entry of an assignment of this table's snapshot, found by the experiment's ordinal and checked by instance
     * (an experiment of another snapshot has the same ordinal and other treatments). An assignment no entry was
     * prepared for (one of another snapshot; none of this one: every assigned or forced treatment is one of an
     * assignable experiment's own) gets one made on the spot.
     */
    Entry entry(LayerOutcome.Assigned a) {
        CompiledExperiment e = a.experiment();
        int ordinal = e.ordinal();
        int t = ordinal < experiments.length && experiments[ordinal] == e ? e.treatmentIndex(a.treatment()) : -1;
        return t >= 0 ? entries[ordinal][t] : Entry.of(mapper, e, a.treatment());
    }
}
