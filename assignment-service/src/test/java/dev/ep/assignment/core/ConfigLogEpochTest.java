package dev.ep.assignment.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ordering by (epoch, sequence): config-service's database restored from a backup (issue 9, section 7). */
class ConfigLogEpochTest {

    @Test
    void shouldApplyALowerSequenceWhenItStartsANewerEpoch() {
        // given: sequences up to 20 in epoch 0
        ConfigLog log = new ConfigLog();
        log.apply(Experiments.layer(10, "a"), 0);
        log.apply(Experiments.layer(20, "b"), 0);

        // when: the restored store publishes sequence 11 in epoch 1
        ConfigLog.Result result = log.apply(Experiments.layer(11, "c"), 1);

        // then: applied, the baseline reset; the next sequence of epoch 1 goes on from there
        assertThat(result).isEqualTo(ConfigLog.Result.NEW_EPOCH);
        assertThat(log.lastSequence()).isEqualTo(11);
        assertThat(log.epoch()).isEqualTo(1);
        assertThat(log.apply(Experiments.layer(12, "d"), 1)).isEqualTo(ConfigLog.Result.APPLIED);
        assertThat(log.apply(Experiments.layer(12, "d"), 1)).isEqualTo(ConfigLog.Result.STALE);
        assertThat(log.size()).isEqualTo(4);
    }

    @Test
    void shouldIgnoreEveryChangeOfAnOlderEpochOnceANewerOneStarted() {
        ConfigLog log = new ConfigLog();
        log.apply(Experiments.layer(10, "a"), 0);
        log.apply(Experiments.layer(5, "b"), 2);
        assertThat(log.apply(Experiments.layer(30, "late"), 1)).isEqualTo(ConfigLog.Result.STALE);
        assertThat(log.apply(new ConfigChange.Removed("layer:a", -1), 0)).isEqualTo(ConfigLog.Result.STALE);
        assertThat(log.size()).isEqualTo(2);
    }

    @Test
    void shouldNotCallItAResetWhenTheNewEpochsSequenceIsStillAbove() {
        ConfigLog log = new ConfigLog();
        log.apply(Experiments.layer(10, "a"), 0);
        assertThat(log.apply(Experiments.layer(11, "b"), 1)).isEqualTo(ConfigLog.Result.APPLIED);
    }

    @Test
    void shouldLetTheFirstSequencedChangeSetTheBaselineWhenATombstoneOpensTheEpoch() {
        // given
        ConfigLog log = new ConfigLog();
        log.apply(Experiments.layer(10, "a"), 0);
        log.apply(Experiments.layer(20, "b"), 0);

        // when: a tombstone (no sequence) comes first in epoch 1, then sequence 15
        assertThat(log.apply(new ConfigChange.Removed("layer:b", -1), 1)).isEqualTo(ConfigLog.Result.APPLIED);

        // then
        assertThat(log.apply(Experiments.layer(15, "c"), 1)).isEqualTo(ConfigLog.Result.NEW_EPOCH);
        assertThat(log.size()).isEqualTo(2);
    }
}
