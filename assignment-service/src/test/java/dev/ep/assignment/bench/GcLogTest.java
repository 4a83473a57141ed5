package dev.ep.assignment.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {

    @TempDir
    Path dir;

    @Test
    void shouldCountG1PausesAndTheLongestSafepointOfEachPieceOnce() throws Exception {
        Path file = dir.resolve("gc.log");
        GcLog log = new GcLog(file);
        Files.writeString(file, """
                [2.392s][safepoint   ] Safepoint "Cleanup", Time since last: 1753220442 ns, Reaching safepoint: 1045983 ns, Cleanup: 153537 ns, At safepoint: 35506 ns, Total: 1235026 ns
                [2.421s][gc,start    ] GC(0) Pause Young (Normal) (G1 Evacuation Pause)
                [2.443s][gc          ] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 25M->5M(512M) 22.391ms
                [2.444s][safepoint   ] Safepoint "G1CollectForAllocation", Time since last: 28837781 ns, Reaching safepoint: 3998 ns, Cleanup: 13605 ns, At safepoint: 22501166 ns, Total: 22518769 ns
                [3.528s][gc,start    ] GC(1) Pause Young (Normal) (GCLocker Initiated GC)
                [3.559s][gc          ] GC(1) Pause Young (Normal) (GCLocker Initiated GC) 27M->7M(512M) 30.787ms
                """);

        GcLog.Pauses first = log.sinceLast();

        assertThat(first.pauses()).isEqualTo(2);
        assertThat(first.totalMs()).isEqualTo(53.18);
        assertThat(first.maxMs()).isEqualTo(30.79);
        assertThat(first.maxSafepointMs()).isEqualTo(22.52);
        assertThat(first.maxSafepointWhat()).isEqualTo("G1CollectForAllocation");

        Files.writeString(file, """
                [9.001s][gc          ] GC(2) Pause Remark 30M->30M(512M) 1.250ms
                [9.002s][gc          ] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 25M->5M(512M) 9""",
                StandardOpenOption.APPEND);

        GcLog.Pauses second = log.sinceLast();

        assertThat(second.pauses()).as("only the new, complete line").isEqualTo(1);
        assertThat(second.maxMs()).isEqualTo(1.25);
    }

    @Test
    void shouldCountGenerationalZgcPauses() throws Exception {
        Path file = dir.resolve("zgc.log");
        Files.writeString(file, ZGC_LINES);

        GcLog.Pauses pauses = new GcLog(file).sinceLast();

        assertThat(pauses.pauses()).isEqualTo(ZGC_PAUSES);
        assertThat(pauses.maxMs()).isEqualTo(ZGC_MAX_MS);
    }

    @Test
    void shouldReportNothingBeforeTheLogExists() throws Exception {
        assertThat(new GcLog(dir.resolve("absent.log")).sinceLast().pauses()).isZero();
    }

    @Test
    void shouldReadOldGenerationOccupancyAfterEachG1Collection() {
        List<GcLog.OldGen> samples = GcLog.oldAfterEachGc(G1_HEAP_LINES);

        assertThat(samples).extracting(GcLog.OldGen::gc).containsExactly(0, 1, 3);
        assertThat(samples.get(0).oldMb()).as("2 old + 0 humongous regions of 1M").isEqualTo(2.0);
        assertThat(samples.get(0).uptimeSeconds()).isEqualTo(2.443);
        assertThat(samples.get(0).pause()).isEqualTo("Pause Young (Normal) (G1 Evacuation Pause)");
        assertThat(samples.get(0).full()).isFalse();
        assertThat(samples.get(1).oldMb()).as("5 old + 3 humongous").isEqualTo(8.0);
        assertThat(samples.get(2).oldMb()).isEqualTo(4.0);
        assertThat(samples.get(2).full()).isTrue();
        assertThat(samples.get(2).pause()).isEqualTo("Pause Full (System.gc())");
    }

    @Test
    void shouldReadNoOccupancyFromALogWithoutG1RegionLines() {
        assertThat(GcLog.oldAfterEachGc(ZGC_LINES)).isEmpty();
        assertThat(GcLog.oldAfterEachGc("")).isEmpty();
    }

    /** JDK 17 G1 with -Xlog:gc*:uptime,tags: the remark (GC 2) has no region lines; GC 4 was cut off mid-way. */
    private static final String G1_HEAP_LINES = """
            [0.006s][gc,init     ] Heap Region Size: 1M
            [2.421s][gc,start    ] GC(0) Pause Young (Normal) (G1 Evacuation Pause)
            [2.443s][gc,heap     ] GC(0) Eden regions: 25->0(22)
            [2.443s][gc,heap     ] GC(0) Survivor regions: 0->3(4)
            [2.443s][gc,heap     ] GC(0) Old regions: 0->2
            [2.443s][gc,heap     ] GC(0) Archive regions: 2->2
            [2.443s][gc,heap     ] GC(0) Humongous regions: 0->0
            [2.443s][gc          ] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 25M->5M(512M) 22.391ms
            [5.100s][gc,heap     ] GC(1) Old regions: 2->5
            [5.100s][gc,heap     ] GC(1) Humongous regions: 4->3
            [5.100s][gc          ] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 30M->12M(512M) 3.100ms
            [5.300s][gc          ] GC(2) Pause Remark 14M->14M(512M) 1.250ms
            [9.000s][gc,heap     ] GC(3) Old regions: 5->4
            [9.000s][gc,heap     ] GC(3) Humongous regions: 3->0
            [9.000s][gc          ] GC(3) Pause Full (System.gc()) 20M->6M(512M) 40.000ms
            [9.500s][gc,heap     ] GC(4) Old regions: 4->4
            """;

    /** From a Temurin 25 generational ZGC log of the floors benchmark (and one allocation stall). */
    private static final String ZGC_LINES = """
            [3.928s][gc          ] GC(0) Major Collection (Warmup)
            [3.928s][gc,phases   ] GC(0) Y: Young Generation
            [3.931s][gc,phases   ] GC(0) Y: Pause Mark Start (Major) 0.017ms
            [3.996s][gc,phases   ] GC(0) Y: Concurrent Mark 65.482ms
            [3.996s][gc,phases   ] GC(0) Y: Pause Mark End 0.021ms
            [3.996s][gc,phases   ] GC(0) Y: Concurrent Mark Free 0.002ms
            [3.998s][gc,phases   ] GC(0) Y: Pause Relocate Start 0.013ms
            [4.004s][gc,phases   ] GC(0) Y: Concurrent Relocate 6.178ms
            [4.004s][gc,alloc    ] GC(0) Y: Allocation Stalls:          0                0                0                0
            [4.004s][gc,mmu      ] GC(0) Y: MMU: 2ms/98.3%, 5ms/99.3%, 10ms/99.7%, 20ms/99.8%, 50ms/99.9%, 100ms/99.9%
            [4.014s][gc,phases   ] GC(0) O: Pause Mark End 0.019ms
            [4.020s][gc          ] Allocation Stall (reactor-http-epoll-1) 3.250ms
            [4.028s][gc,phases   ] GC(0) O: Pause Relocate Start 0.015ms
            [4.030s][gc          ] GC(0) Major Collection (Warmup) 84M(16%)->58M(11%) 0.102s
            """;
    private static final int ZGC_PAUSES = 6;
    private static final double ZGC_MAX_MS = 3.25;
}
