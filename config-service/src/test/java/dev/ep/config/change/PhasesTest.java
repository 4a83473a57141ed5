package dev.ep.config.change;

import static dev.ep.config.change.ConfigFixtures.T0;
import static dev.ep.config.change.ConfigFixtures.id;
import static dev.ep.config.change.ConfigFixtures.withDraft;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ep.config.allocation.Range;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Phase;
import dev.ep.config.experiment.PhaseWeight;
import dev.ep.config.experiment.TrafficStep;
import org.junit.jupiter.api.Test;

/**
 * Every phase records its weights, its traffic steps and its end, one transition at a time: the start opens phase 1,
 * ramps, pauses and resumes append traffic steps to the current phase, a weight change ends it and opens the next
 * with the traffic as it is, a stop ends it.
 */
class PhasesTest {

    private static final ExperimentId X = id("x");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);
    private static final Instant T3 = T0.plusSeconds(180);
    private static final Instant T4 = T0.plusSeconds(240);

    private static ConfigState at(ConfigState state, Instant time, ConfigCommand command) {
        return ConfigDecider.handle(state, command, ConfigFixtures.ctx(time));
    }

    private static Experiment x(ConfigState state) {
        return state.experiment(X).orElseThrow();
    }

    @Test
    void shouldOpenPhaseOneWithTheDefinitionsWeightsAndTheStartTrafficWhenStarted() {
        ConfigState s = at(withDraft("x"), T1, new ConfigCommand.Start(X, 1_000));

        assertThat(x(withDraft("x")).phases()).isEmpty();
        assertThat(x(s).phases()).containsExactly(new Phase(1, T1, List.of(),
                List.of(new PhaseWeight("control", 5_000), new PhaseWeight("b", 5_000)),
                List.of(new TrafficStep(T1, 1_000, true)), Optional.empty()));
    }

    @Test
    void shouldAppendATrafficStepToTheCurrentPhaseWithoutOpeningOneWhenRamped() {
        // given
        ConfigState s = at(withDraft("x"), T1, new ConfigCommand.Start(X, 1_000));

        // when: up, then down
        List<ConfigEvent> ramp = ConfigDecider.decide(s, new ConfigCommand.Ramp(X, 5_000), ConfigFixtures.ctx(T2));
        ConfigState down = at(s.apply(ramp.get(0)), T3, new ConfigCommand.Ramp(X, 2_000));

        // then: the event carries its time; one phase, three steps
        assertThat(((ConfigEvent.Ramped) ramp.get(0)).at()).isEqualTo(T2);
        assertThat(x(down).phase()).isEqualTo(1);
        assertThat(x(down).currentPhase().traffic()).containsExactly(new TrafficStep(T1, 1_000, true),
                new TrafficStep(T2, 5_000, true), new TrafficStep(T3, 2_000, true));
        assertThat(x(down).currentPhase().endedAt()).isEmpty();
    }

    @Test
    void shouldRecordAPausedStepThatAssignsNothingAndAResumedStepThatAssignsAgain() {
        // given
        ConfigState s = at(withDraft("x"), T1, new ConfigCommand.Start(X, 1_000));

        // when: paused, ramped while paused, resumed
        ConfigState paused = at(s, T2, new ConfigCommand.Pause(X));
        ConfigState rampedWhilePaused = at(paused, T3, new ConfigCommand.Ramp(X, 3_000));
        ConfigState resumed = at(rampedWhilePaused, T4, new ConfigCommand.Resume(X));

        // then: the buckets owned stay in every step; only 'assigning' tells the pause
        assertThat(x(resumed).phases()).hasSize(1);
        assertThat(x(resumed).currentPhase().traffic()).containsExactly(new TrafficStep(T1, 1_000, true),
                new TrafficStep(T2, 1_000, false), new TrafficStep(T3, 3_000, false),
                new TrafficStep(T4, 3_000, true));
    }

    @Test
    void shouldEndThePhaseAndOpenTheNextWithTheNewWeightsAndTheCurrentTrafficWhenWeightsChange() {
        // given: running at 10%, ramped to 40%
        ConfigState s = at(at(withDraft("x"), T1, new ConfigCommand.Start(X, 1_000)), T2,
                new ConfigCommand.Ramp(X, 4_000));

        // when
        ConfigState reweighted = at(s, T3, new ConfigCommand.ChangeWeights(X, Map.of("b", 7_000, "control", 3_000)));

        // then: phase 1 kept its weights and traffic and ended at T3; phase 2 starts at 40%
        Phase first = x(reweighted).phases().get(0);
        Phase second = x(reweighted).phases().get(1);
        assertThat(first).isEqualTo(new Phase(1, T1, List.of(),
                List.of(new PhaseWeight("control", 5_000), new PhaseWeight("b", 5_000)),
                List.of(new TrafficStep(T1, 1_000, true), new TrafficStep(T2, 4_000, true)), Optional.of(T3)));
        assertThat(second).isEqualTo(new Phase(2, T3, List.of(new Range(3_000, 5_000)),
                List.of(new PhaseWeight("control", 3_000), new PhaseWeight("b", 7_000)),
                List.of(new TrafficStep(T3, 4_000, true)), Optional.empty()));
    }

    @Test
    void shouldOpenTheNextPhaseNotAssigningWhenWeightsChangeWhilePaused() {
        ConfigState paused = at(at(withDraft("x"), T1, new ConfigCommand.Start(X, 1_000)), T2,
                new ConfigCommand.Pause(X));

        ConfigState reweighted = at(paused, T3, new ConfigCommand.ChangeWeights(X, Map.of("control", 2_000, "b", 8_000)));

        assertThat(x(reweighted).currentPhase().traffic()).containsExactly(new TrafficStep(T3, 1_000, false));
        assertThat(x(reweighted).phases().get(0).endedAt()).contains(T3);
    }

    @Test
    void shouldEndTheCurrentPhaseAtTheStopTimeWhenStopped() {
        // given: two phases
        ConfigState s = at(at(withDraft("x"), T1, new ConfigCommand.Start(X, 1_000)), T2,
                new ConfigCommand.ChangeWeights(X, Map.of("control", 2_000, "b", 8_000)));

        // when
        ConfigState stopped = at(s, T3, new ConfigCommand.Stop(X));

        // then: phase 2 ended at the stop (no new step, no new phase); phase 1 kept its end
        assertThat(x(stopped).phases()).extracting(p -> p.number() + ":" + p.startedAt() + "-" + p.endedAt().orElseThrow())
                .containsExactly("1:" + T1 + "-" + T2, "2:" + T2 + "-" + T3);
        assertThat(x(stopped).currentPhase().traffic()).containsExactly(new TrafficStep(T2, 1_000, true));
        assertThat(x(stopped).stoppedAt()).contains(T3);
    }
}
