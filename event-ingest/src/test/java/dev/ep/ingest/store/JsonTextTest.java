package dev.ep.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void shouldWriteEmptyObjectWhenMapIsEmpty() {
        assertThat(JsonText.of(Map.of())).isEqualTo("{}");
    }

    @Test
    void shouldSortKeysAndEscapeControlCharactersWhenWriting() {
        String json = JsonText.of(Map.of("b", "tab\t\u0001", "a", "back\\slash \"q\""));

        assertThat(json).isEqualTo("{\"a\":\"back\\\\slash \\\"q\\\"\",\"b\":\"tab\\t\\u0001\"}");
    }
}
