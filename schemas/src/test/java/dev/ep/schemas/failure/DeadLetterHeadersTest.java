package dev.ep.schemas.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class DeadLetterHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-30T07:00:00Z");

    @Test
    void shouldDescribeTheRecordAndTheFailureInStringHeadersWhenDeadLettering() {
        // given
        ConsumerRecord<byte[], byte[]> record = record(new RecordHeaders().add("trace", bytes("t-1")));
        Exception failure = new SerializationException("Unknown magic byte", new IllegalStateException("inner"));

        // when
        Headers headers = DeadLetterHeaders.of(record, "event-ingest", DeadLetterReason.DECODE, failure, NOW);

        // then
        assertThat(text(headers, DeadLetterHeaders.ORIGINAL_TOPIC)).contains("ep.events");
        assertThat(text(headers, DeadLetterHeaders.ORIGINAL_PARTITION)).contains("3");
        assertThat(text(headers, DeadLetterHeaders.ORIGINAL_OFFSET)).contains("1234567890123");
        assertThat(text(headers, DeadLetterHeaders.ORIGINAL_TIMESTAMP)).contains("1764486000000");
        assertThat(text(headers, DeadLetterHeaders.CONSUMER)).contains("event-ingest");
        assertThat(text(headers, DeadLetterHeaders.REASON)).contains("decode");
        assertThat(text(headers, DeadLetterHeaders.EXCEPTION)).contains(SerializationException.class.getName());
        assertThat(text(headers, DeadLetterHeaders.ROOT_CAUSE)).contains(IllegalStateException.class.getName());
        assertThat(text(headers, DeadLetterHeaders.MESSAGE)).contains("Unknown magic byte");
        assertThat(text(headers, DeadLetterHeaders.TIME)).contains(Long.toString(NOW.toEpochMilli()));
        assertThat(text(headers, "trace")).contains("t-1");
    }

    @Test
    void shouldReplaceForgedOrEarlierDeadLetterHeadersWhenTheRecordCarriesThem() {
        // given: a record replayed from a dead-letter topic, or a producer forging the reason
        ConsumerRecord<byte[], byte[]> record = record(new RecordHeaders()
                .add(DeadLetterHeaders.REASON, bytes("validation"))
                .add(DeadLetterHeaders.ORIGINAL_TOPIC, bytes("elsewhere"))
                .add("ep.dlt.anything", bytes("x")));

        // when
        Headers headers = DeadLetterHeaders.of(record, "c", DeadLetterReason.DECODE, new RuntimeException(), NOW);

        // then: every ep.dlt.* name once, describing this dead-lettering
        assertThat(values(headers, DeadLetterHeaders.REASON)).containsExactly("decode");
        assertThat(values(headers, DeadLetterHeaders.ORIGINAL_TOPIC)).containsExactly("ep.events");
        assertThat(values(headers, "ep.dlt.anything")).isEmpty();
        assertThat(text(headers, DeadLetterHeaders.MESSAGE)).contains("null");
        assertThat(headers.lastHeader(DeadLetterHeaders.ROOT_CAUSE)).isNull();
    }

    @Test
    void shouldKeepEveryMessageShortAndValidUtf8WhateverItContains() {
        QuickTheory.qt().withExamples(500).forAll(SourceDSL.strings().allPossible().ofLengthBetween(0, 2_000),
                SourceDSL.integers().between(3, 1_100)).checkAssert((text, max) -> {
            // when
            String bounded = DeadLetterHeaders.bounded(text, max);

            // then
            byte[] utf8 = bounded.getBytes(StandardCharsets.UTF_8);
            assertThat(utf8.length).isLessThanOrEqualTo(max);
            assertThat(strictlyDecodes(utf8)).isTrue();
            assertThat(bounded.codePoints()
                    .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)).isTrue();
            if (text.getBytes(StandardCharsets.UTF_8).length <= max && text.codePoints()
                    .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                assertThat(bounded).isEqualTo(text);
            }
        });
    }

    @Test
    void shouldCutAtACharacterBoundaryAndMarkTheCutWhenTheMessageIsTooLong() {
        String emoji = "\uD83D\uDE00"; // 4 bytes in UTF-8
        assertThat(DeadLetterHeaders.bounded(emoji.repeat(10), 10)).isEqualTo(emoji + "\u2026");
        assertThat(DeadLetterHeaders.bounded("a\uD800b", 100)).isEqualTo("a\uFFFDb");
        assertThat(DeadLetterHeaders.bounded("x".repeat(5_000), DeadLetterHeaders.MAX_MESSAGE_BYTES))
                .hasSize(DeadLetterHeaders.MAX_MESSAGE_BYTES - 3 + 1).endsWith("\u2026");
    }

    private static boolean strictlyDecodes(byte[] utf8) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(Headers headers) {
        return new ConsumerRecord<>("ep.events", 3, 1_234_567_890_123L, 1_764_486_000_000L, TimestampType.CREATE_TIME,
                1, 3, bytes("key"), bytes("value"), headers, Optional.empty());
    }

    private static Optional<String> text(Headers headers, String name) {
        return DeadLetterHeaders.read(headers, name);
    }

    private static List<String> values(Headers headers, String name) {
        List<String> values = new ArrayList<>();
        for (Header header : headers.headers(name)) {
            values.add(new String(header.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
