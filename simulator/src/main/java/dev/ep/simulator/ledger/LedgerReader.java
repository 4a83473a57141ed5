package dev.ep.simulator.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads a ledger file back: header, entries, and whether the run was cut short by the ledger's bound. */
public final class LedgerReader {

    private LedgerReader() {
    }

    public static LedgerContents read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new IllegalArgumentException(file + ": empty ledger (no header line)");
            }
            RunHeader header = FileLedger.JSON.readValue(first, RunHeader.class);
            List<LedgerEntry> entries = new ArrayList<>();
            boolean truncated = false;
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = FileLedger.JSON.readTree(line);
                if (node.has("truncated")) {
                    truncated = true;
                    continue;
                }
                try {
                    entries.add(FileLedger.JSON.treeToValue(node, LedgerEntry.class));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + " line " + number + ": not a ledger entry: "
                            + e.getMessage(), e);
                }
            }
            return new LedgerContents(header, entries, truncated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ledger " + file, e);
        }
    }
}
