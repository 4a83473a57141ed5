package dev.ep.reporting.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void shouldReportJitAsPartOfItsProcessNotAsMoreWork() {
        // given: 1 s of assignment-service, 0.5 s of it JIT; the machine busy for 4 s
        ProcessCpu.Snapshot from = new ProcessCpu.Snapshot(Map.of("assignment-service", 100L,
                "assignment-service JIT", 50L), 1_000, 2_000, 0);
        ProcessCpu.Snapshot to = new ProcessCpu.Snapshot(Map.of("assignment-service", 300L,
                "assignment-service JIT", 150L), 1_400, 2_400, 2_000_000_000L);

        // when
        Map<String, Object> cpu = ProcessCpu.between(from, to);

        // then
        assertThat(cpu).containsEntry("assignment-service", 2.0).containsEntry("assignment-service JIT", 1.0)
                .containsEntry("others", 2.0).containsEntry("machineBusy", 4.0);
    }

    @Test
    void shouldFindThisJvmsCompilerThreads() {
        // when: this JVM has compiled test code by now (C1 at least)
        ProcessCpu.Snapshot snapshot = ProcessCpu.take();

        // then: on Linux, the JVM's own entry and its compiler threads' are there
        if (snapshot.ticks().isEmpty()) {
            assertThat(System.getProperty("os.name")).doesNotContainIgnoringCase("linux");
            return;
        }
        assertThat(snapshot.ticks()).containsKey("benchmark (load generator + probes)")
                .containsKey("benchmark (load generator + probes) JIT");
        assertThat(snapshot.ticks().get("benchmark (load generator + probes) JIT"))
                .isLessThanOrEqualTo(snapshot.ticks().get("benchmark (load generator + probes)"));
    }
}
