package dev.ep.config.change;

import static dev.ep.config.change.ConfigFixtures.id;
import static dev.ep.config.change.ConfigFixtures.run;
import static dev.ep.config.change.ConfigFixtures.withDraft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Stream;

import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.ExperimentStatus;
import dev.ep.config.experiment.Transition;
import dev.ep.config.layer.LayerId;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {

    private static final ExperimentId X = id("x");

    /** A state with experiment x in the given status (running at 20% when live). */
    static ConfigState in(ExperimentStatus status) {
        ConfigState s = withDraft("x");
        switch (status) {
            case DRAFT:
                return s;
            case RUNNING:
                return run(s, new ConfigCommand.Start(X, 2_000));
            case PAUSED:
                return run(s, new ConfigCommand.Start(X, 2_000), new ConfigCommand.Pause(X));
            default:
                return run(s, new ConfigCommand.Start(X, 2_000), new ConfigCommand.Stop(X));
        }
    }

    static ConfigCommand command(Transition t) {
        switch (t) {
            case START:
                return new ConfigCommand.Start(X, 1_000);
            case PAUSE:
                return new ConfigCommand.Pause(X);
            case RESUME:
                return new ConfigCommand.Resume(X);
            default:
                return new ConfigCommand.Stop(X);
        }
    }

    static final Map<ExperimentStatus, EnumSet<Transition>> LEGAL = Map.of(
            ExperimentStatus.DRAFT, EnumSet.of(Transition.START),
            ExperimentStatus.RUNNING, EnumSet.of(Transition.PAUSE, Transition.STOP),
            ExperimentStatus.PAUSED, EnumSet.of(Transition.RESUME, Transition.STOP),
            ExperimentStatus.STOPPED, EnumSet.noneOf(Transition.class));

    static Stream<Arguments> everyStatusAndTransition() {
        return Stream.of(ExperimentStatus.values())
                .flatMap(s -> Stream.of(Transition.values()).map(t -> Arguments.of(s, t)));
    }

    @ParameterizedTest(name = "{0} --{1}-->")
    @MethodSource("everyStatusAndTransition")
    void shouldAllowExactlyTheLifecycleTransitions(ExperimentStatus from, Transition transition) {
        // given
        ConfigState state = in(from);
        long version = state.version(AggregateRef.of(X));

        if (LEGAL.get(from).contains(transition)) {
            // when
            ConfigState next = run(state, command(transition));

            // then
            assertThat(next.experiment(X).orElseThrow().status()).isEqualTo(transition.to());
            assertThat(next.version(AggregateRef.of(X))).isEqualTo(version + 1);
        } else {
            // when / then
            assertThatThrownBy(() -> run(state, command(transition)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("cannot " + transition.verb() + " experiment 'x': it is " + from + "; "
                            + transition.verb() + " is allowed only from "
                            + String.join(" or ", transition.from().stream().map(Enum::name).sorted().toList()))
                    .extracting(e -> ((ConfigException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
        }
    }

    @Test
    void shouldMatchTheTransitionTableOfTheEnum() {
        for (ExperimentStatus s : ExperimentStatus.values()) {
            for (Transition t : Transition.values()) {
                assertThat(t.allowedFrom(s)).as("%s from %s", t, s).isEqualTo(LEGAL.get(s).contains(t));
            }
        }
    }

    @Test
    void shouldReleaseBucketsWhenStoppedAndKeepThemWhenPaused() {
        ConfigState paused = in(ExperimentStatus.PAUSED);
        assertThat(paused.buckets(LayerId.DEFAULT).freeCount()).isEqualTo(8_000);

        ConfigState stopped = run(paused, new ConfigCommand.Stop(X));
        assertThat(stopped.buckets(LayerId.DEFAULT).freeCount()).isEqualTo(10_000);
        assertThat(stopped.experiment(X).orElseThrow().trafficBasisPoints()).isZero();
        assertThat(stopped.experiment(X).orElseThrow().stoppedAt()).contains(ConfigFixtures.T0);
    }

    @Test
    void shouldKeepSlotsAndBucketsAcrossPauseAndResume() {
        ConfigState running = in(ExperimentStatus.RUNNING);

        ConfigState resumed = run(running, new ConfigCommand.Pause(X), new ConfigCommand.Resume(X));

        assertThat(resumed.experiment(X).orElseThrow().allocation()).isEqualTo(running.experiment(X).orElseThrow().allocation());
        assertThat(resumed.experiment(X).orElseThrow().slots()).isEqualTo(running.experiment(X).orElseThrow().slots());
        assertThat(resumed.experiment(X).orElseThrow().phase()).isEqualTo(1);
    }

    static Stream<Arguments> liveChangesByStatus() {
        return Stream.of(ExperimentStatus.values()).map(Arguments::of);
    }

    @ParameterizedTest(name = "changes while {0}")
    @MethodSource("liveChangesByStatus")
    void shouldAllowLiveChangesOnlyWhileRunningOrPaused(ExperimentStatus status) {
        ConfigState state = in(status);
        ConfigCommand ramp = new ConfigCommand.Ramp(X, 3_000);
        ConfigCommand weights = new ConfigCommand.ChangeWeights(X, Map.of("control", 4_000, "b", 6_000));
        ConfigCommand targeting = new ConfigCommand.ChangeTargeting(X,
                dev.ep.targeting.TargetingParser.parse("{\"pages\":[\"cart\"]}"));
        ConfigCommand overrides = new ConfigCommand.ChangeOverrides(X,
                new dev.ep.config.experiment.Overrides(Map.of("qa-1", "b")));

        for (ConfigCommand c : new ConfigCommand[] {ramp, weights}) {
            if (status.isLive()) {
                assertThat(run(state, c).version(AggregateRef.of(X))).isEqualTo(state.version(AggregateRef.of(X)) + 1);
            } else {
                assertThatThrownBy(() -> run(state, c)).isInstanceOf(ConfigException.class)
                        .extracting(e -> ((ConfigException) e).code()).isEqualTo(ErrorCode.WRONG_STATUS);
            }
        }
        for (ConfigCommand c : new ConfigCommand[] {targeting, overrides}) {
            if (status != ExperimentStatus.STOPPED) {
                assertThat(run(state, c).version(AggregateRef.of(X))).isEqualTo(state.version(AggregateRef.of(X)) + 1);
            } else {
                assertThatThrownBy(() -> run(state, c)).isInstanceOf(ConfigException.class)
                        .hasMessageEndingWith("it is STOPPED");
            }
        }
        ConfigCommand update = new ConfigCommand.UpdateDraft(ConfigFixtures.definition("x", LayerId.DEFAULT, 3_000, 7_000));
        if (status == ExperimentStatus.DRAFT) {
            assertThat(run(state, update).experiment(X).orElseThrow().definition().treatments().weights())
                    .containsExactly(3_000, 7_000);
        } else {
            assertThatThrownBy(() -> run(state, update))
                    .hasMessage("experiment 'x' is " + status + ": only a DRAFT can be edited; a live experiment may"
                            + " change ramp, weights, overrides and targeting");
        }
    }
}
