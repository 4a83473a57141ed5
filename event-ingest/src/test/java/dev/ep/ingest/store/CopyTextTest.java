package dev.ep.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void shouldSeparateColumnsByTabAndRowsByNewlineWhenValuesArePlain() {
        String text = new CopyText(1).value("a").value(7L).value(true).value(LocalDate.parse("2026-01-02"))
                .value(Instant.parse("2026-01-02T03:04:05.678Z")).endRow().value("b").value(null).value(false)
                .value(1).value((short) 2).endRow().toString();

        assertThat(text).isEqualTo("a\t7\tt\t2026-01-02\t2026-01-02T03:04:05.678Z\nb\t\\N\tf\t1\t2\n");
    }

    @Test
    void shouldEscapeBackslashTabAndLineBreaksWhenTextContainsThem() {
        String text = new CopyText(1).value("a\\b\tc\nd\re").endRow().toString();

        assertThat(text).isEqualTo("a\\\\b\\tc\\nd\\re\n");
    }

    @Test
    void shouldWriteMapsAsEscapedJsonWhenColumnIsJsonb() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("z", "line\nbreak");
        map.put("a", "quote\"");

        String text = new CopyText(1).value(map).endRow().toString();

        // JSON escapes the newline (\n), COPY then escapes JSON's backslashes.
        assertThat(text).isEqualTo("{\"a\":\"quote\\\\\"\",\"z\":\"line\\\\nbreak\"}\n");
    }
}
