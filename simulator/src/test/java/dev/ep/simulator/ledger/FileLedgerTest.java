package dev.ep.simulator.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.simulator.engine.EngineModels;
import dev.ep.simulator.engine.Offline;
import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLedgerTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadBackExactlyWhatWasWrittenWhenTheRunEnds() throws Exception {
        LedgerContents run = Offline.run(ModelLoader.parse(EngineModels.PLANTED), new RunIds("f1"), 3, 50);
        Path file = dir.resolve("ledger.jsonl");

        try (FileLedger ledger = new FileLedger(file, run.header(), 1L << 30)) {
            run.entries().forEach(ledger::append);
        }
        LedgerContents back = LedgerReader.read(file);

        assertThat(back.header()).isEqualTo(run.header());
        assertThat(back.entries()).isEqualTo(run.entries());
        assertThat(back.truncated()).isFalse();
        assertThat(Files.readAllLines(file)).hasSize(run.entries().size() + 1);
    }

    @Test
    void shouldReportFullAndMarkTheFileTruncatedWhenTheBoundIsReached() throws Exception {
        LedgerContents run = Offline.run(ModelLoader.parse(EngineModels.PLANTED), new RunIds("f2"), 3, 50);
        Path file = dir.resolve("small.jsonl");
        List<LedgerEntry> entries = run.entries();

        int written = 0;
        try (FileLedger ledger = new FileLedger(file, run.header(), 4096)) {
            while (!ledger.full()) {
                ledger.append(entries.get(written++));
            }
            assertThat(ledger.bytes()).isGreaterThanOrEqualTo(4096);
        }
        LedgerContents back = LedgerReader.read(file);

        assertThat(back.truncated()).isTrue();
        assertThat(back.entries()).hasSize(written);
    }
}
