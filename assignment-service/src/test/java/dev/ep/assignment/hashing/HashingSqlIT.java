package dev.ep.assignment.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The SQL recipe of {@code docs/hashing.md}, run as published on a real PostgreSQL, against every vector of the
 * published file: a data scientist who copies it gets the service's buckets, slots and holdout values.
 */
class HashingSqlIT {

    @Test
    void shouldRecomputeEveryPublishedVectorWhenTheDocumentedSqlRunsOnPostgres() throws Exception {
        // given: the first sql block under "SQL (PostgreSQL)" in the spec, installed in a fresh database
        String spec = Files.readString(Path.of("..", "docs", "hashing.md"));
        String section = spec.substring(spec.indexOf("### SQL (PostgreSQL)"));
        int start = section.indexOf("```sql\n") + "```sql\n".length();
        String functions = section.substring(start, section.indexOf("```", start));
        assertThat(functions).contains("CREATE OR REPLACE FUNCTION ep_scaled");
        Database db = TestPlatform.postgres().newDatabase("hashing_sql");
        JsonNode doc = HashVectors.load();
        List<JsonNode> vectors = new ArrayList<>();
        doc.get("vectors").forEach(vectors::add);
        doc.get("separated").forEach(p -> {
            vectors.add(p.get("a"));
            vectors.add(p.get("b"));
        });

        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute(functions);
            }

            // when / then
            try (PreparedStatement q = c.prepareStatement("SELECT ep_hash_input(?, ?, ?), "
                    + "ep_murmur3_32(ep_hash_input(?, ?, ?)), ep_scaled(?, ?, ?, 10000), ep_scaled(?, ?, ?, 100)")) {
                for (JsonNode v : vectors) {
                    for (int i = 0; i < 4; i++) {
                        q.setString(3 * i + 1, v.get("purpose").asString());
                        q.setString(3 * i + 2, v.get("namespace").asString());
                        q.setString(3 * i + 3, v.get("unitId").asString());
                    }
                    try (ResultSet r = q.executeQuery()) {
                        assertThat(r.next()).isTrue();
                        String input = v.get("input").asString();
                        assertThat(HexFormat.of().formatHex(r.getBytes(1))).as(input)
                                .isEqualTo(v.get("utf8Hex").asString());
                        assertThat(r.getLong(2)).as(input).isEqualTo(v.get("hash").asLong());
                        assertThat(r.getInt(3)).as(input).isEqualTo(v.get("scaled10000").asInt());
                        assertThat(r.getInt(4)).as(input).isEqualTo(v.get("scaled100").asInt());
                    }
                }
            }
            // the seed-0 reference vectors, for the bare function
            try (PreparedStatement q = c.prepareStatement("SELECT ep_murmur3_32(?)")) {
                for (JsonNode ref : doc.get("reference")) {
                    if (ref.get("seed").asLong() != 0) {
                        continue;
                    }
                    q.setBytes(1, HexFormat.of().parseHex(ref.get("inputHex").asString()));
                    try (ResultSet r = q.executeQuery()) {
                        assertThat(r.next()).isTrue();
                        assertThat(r.getLong(1)).as(ref.get("description").asString())
                                .isEqualTo(ref.get("hash").asLong());
                    }
                }
            }
        }
        assertThat(vectors).hasSizeGreaterThan(330);
    }
}
