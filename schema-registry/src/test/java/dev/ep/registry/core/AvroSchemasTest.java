package dev.ep.registry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {

    private static final String USER = """
            {"type":"record","name":"User","namespace":"dev.ep.events.v1",
             "fields":[{"name":"id","type":"long"},{"name":"email","type":"string","default":""}]}
            """;

    @Test
    void shouldGiveSameFingerprintWhenOnlyWhitespaceAndAttributeOrderDiffer() {
        // given
        String reordered = """
                {
                  "fields" : [ {"type":"long", "name":"id"}, {"default":"", "name":"email", "type":"string"} ],
                  "namespace" : "dev.ep.events.v1",
                  "name" : "User",
                  "type" : "record"
                }
                """;

        // when
        CanonicalSchema first = AvroSchemas.parse(USER);
        CanonicalSchema second = AvroSchemas.parse(reordered);

        // then
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(first.text()).doesNotContain("\n").doesNotContain("  ");
    }

    @Test
    void shouldGiveSameFingerprintWhenCustomPropertiesComeInAnotherOrder() {
        // given
        String ab = "{\"type\":\"string\",\"x-owner\":\"a\",\"x-team\":\"b\"}";
        String ba = "{\"x-team\":\"b\",\"type\":\"string\",\"x-owner\":\"a\"}";

        // when / then
        assertThat(AvroSchemas.parse(ab).fingerprint()).isEqualTo(AvroSchemas.parse(ba).fingerprint());
    }

    @Test
    void shouldGiveDifferentFingerprintWhenDefaultDiffers() {
        // given: same Parsing Canonical Form, different reader behaviour
        String otherDefault = USER.replace("\"default\":\"\"", "\"default\":\"unknown\"");

        // when / then
        assertThat(AvroSchemas.parse(otherDefault).fingerprint()).isNotEqualTo(AvroSchemas.parse(USER).fingerprint());
    }

    @Test
    void shouldGiveDifferentFingerprintWhenFieldOrderDiffers() {
        // given
        String swapped = """
                {"type":"record","name":"User","namespace":"dev.ep.events.v1",
                 "fields":[{"name":"email","type":"string","default":""},{"name":"id","type":"long"}]}
                """;

        // when / then
        assertThat(AvroSchemas.parse(swapped).fingerprint()).isNotEqualTo(AvroSchemas.parse(USER).fingerprint());
    }

    @Test
    void shouldAcceptPrimitiveSchemaWhenGivenAsJsonString() {
        // when
        CanonicalSchema schema = AvroSchemas.parse("\"string\"");

        // then
        assertThat(schema.text()).isEqualTo("\"string\"");
    }

    @Test
    void shouldRejectWithInvalidSchemaWhenTextIsNotAvro() {
        for (String invalid : List.of("{\"type\":\"record\",\"name\":\"X\"}", "not json", "{\"type\":\"nope\"}",
                "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":\"x\"}]}")) {
            assertThatThrownBy(() -> AvroSchemas.parse(invalid))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SCHEMA));
        }
    }

    @Test
    void shouldRejectWithInvalidSchemaWhenTextIsEmpty() {
        assertThatThrownBy(() -> AvroSchemas.parse("  "))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SCHEMA);
                    assertThat(e.getMessage()).contains("Empty schema");
                });
    }

    @Test
    void shouldRejectWhenSchemaTypeIsNotAvro() {
        AvroSchemas.requireSupportedType(null);
        AvroSchemas.requireSupportedType("avro");
        assertThatThrownBy(() -> AvroSchemas.requireSupportedType("PROTOBUF"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SCHEMA));
    }

    @Test
    void shouldResolveReferencedTypeAndKeepItByNameWhenReferencesAreGiven() {
        // given
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"dev.ep\",\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
        String customer = "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"dev.ep\",\"fields\":[{\"name\":\"home\",\"type\":\"dev.ep.Address\"}]}";
        List<SchemaReference> references = List.of(new SchemaReference("dev.ep.Address", "address-value", 1));

        // when
        CanonicalSchema parsed = AvroSchemas.parse(customer, references, List.of(address));

        // then
        assertThat(parsed.text()).contains("\"type\":\"Address\"").doesNotContain("city");
        assertThat(parsed.schema().getField("home").schema().getField("city")).isNotNull();
        assertThat(parsed.fingerprint()).isNotEqualTo(
                AvroSchemas.parse(customer, List.of(new SchemaReference("dev.ep.Address", "address-value", 2)),
                        List.of(address)).fingerprint());
    }

    @Test
    void shouldRejectWhenReferencedTypeIsMissing() {
        String customer = "{\"type\":\"record\",\"name\":\"Customer\",\"fields\":[{\"name\":\"home\",\"type\":\"dev.ep.Address\"}]}";
        assertThatThrownBy(() -> AvroSchemas.parse(customer))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SCHEMA));
    }

    @Test
    void shouldRefuseWith42201WhenSchemaNestsDeeperThanTheBound() {
        // given: arrays nested exactly to the bound, and one level more
        String atBound = nestedArrays(AvroSchemas.MAX_NESTING_DEPTH);
        String tooDeep = nestedArrays(AvroSchemas.MAX_NESTING_DEPTH + 1);

        // then
        assertThat(AvroSchemas.parse(atBound).fingerprint()).isNotBlank();
        assertThatThrownBy(() -> AvroSchemas.parse(tooDeep))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SCHEMA);
                    assertThat(e.getMessage()).contains("deeper than " + AvroSchemas.MAX_NESTING_DEPTH);
                });
    }

    @Test
    void shouldCountNestingOutsideStringsOnlyWhenMeasuringDepth() {
        assertThat(AvroSchemas.nestingDepth("{\"doc\":\"[[[{{{\\\"\",\"a\":[{}]}")).isEqualTo(3);
        assertThat(AvroSchemas.nestingDepth("\"string\"")).isZero();
    }

    @Test
    void shouldRefuseWith42201WhenSchemaTextCannotBeStored() {
        String loneSurrogate = "{\"type\":\"record\",\"name\":\"R\",\"doc\":\"\uD800\",\"fields\":[]}";
        String nul = "{\"type\":\"record\",\"name\":\"R\",\"doc\":\"\u0000\",\"fields\":[]}";
        String escapedLoneSurrogate = "{\"type\":\"record\",\"name\":\"R\",\"doc\":\"\\ud800\",\"fields\":[]}";
        for (String text : List.of(loneSurrogate, nul, escapedLoneSurrogate)) {
            assertThatThrownBy(() -> AvroSchemas.parse(text)).isInstanceOfSatisfying(RegistryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SCHEMA));
        }
    }

    private static String nestedArrays(int depth) {
        String schema = "\"int\"";
        for (int i = 0; i < depth; i++) {
            schema = "{\"type\":\"array\",\"items\":" + schema + "}";
        }
        return schema;
    }
}
