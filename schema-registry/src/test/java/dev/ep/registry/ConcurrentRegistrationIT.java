package dev.ep.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two registry instances on one PostgreSQL database, many threads registering at once: one schema never gets two
 * ids, and version numbers of a subject never collide or skip. Both instances are {@link EmbeddedSchemaRegistry},
 * so this also covers the in-process start that test-support relies on.
 */
class ConcurrentRegistrationIT {

    private static final int THREADS = 16;

    private static Database database;
    private static EmbeddedSchemaRegistry first;
    private static EmbeddedSchemaRegistry second;
    private static List<RegistryHttp> instances;

    @BeforeAll
    static void startTwoInstances() {
        database = TestPlatform.postgres().newDatabase("registry_concurrency");
        // Concurrency, not access, is under test here: both instances let anyone write.
        first = EmbeddedSchemaRegistry.startWithAnonymousWrites(database.jdbcUrl(), database.username(),
                database.password());
        second = EmbeddedSchemaRegistry.startWithAnonymousWrites(database.jdbcUrl(), database.username(),
                database.password());
        instances = List.of(new RegistryHttp(first.url()), new RegistryHttp(second.url()));
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void shouldGiveOneIdPerSchemaWhenThreadsRegisterSameSchemasThroughTwoInstances() throws Exception {
        // given: 8 schemas, each to be registered in 4 subjects by every one of 16 threads
        List<String> schemas = IntStream.range(0, 8).mapToObj(i -> uniqueRecord()).toList();
        List<String> subjects = IntStream.range(0, 4).mapToObj(i -> "race-" + UUID.randomUUID() + "-value").toList();
        subjects.forEach(s -> instances.get(0).put("/config/" + s, "{\"compatibility\":\"NONE\"}"));
        Map<String, Set<Integer>> idsBySchema = new ConcurrentHashMap<>();

        // when
        runConcurrently(thread -> {
            RegistryHttp http = instances.get(thread % 2);
            List<int[]> work = new ArrayList<>();
            for (int s = 0; s < subjects.size(); s++) {
                for (int k = 0; k < schemas.size(); k++) {
                    work.add(new int[] {s, k});
                }
            }
            Collections.shuffle(work);
            for (int[] item : work) {
                int id = http.register(subjects.get(item[0]), schemas.get(item[1]));
                idsBySchema.computeIfAbsent(schemas.get(item[1]), key -> ConcurrentHashMap.newKeySet()).add(id);
            }
        });

        // then
        assertThat(idsBySchema).hasSize(schemas.size());
        idsBySchema.forEach((schema, ids) -> assertThat(ids).as("ids of one schema").hasSize(1));
        assertThat(idsBySchema.values().stream().flatMap(Set::stream).distinct()).hasSize(schemas.size());
        for (String subject : subjects) {
            assertThat(instances.get(1).get("/subjects/" + subject + "/versions").json().toString())
                    .isEqualTo("[1,2,3,4,5,6,7,8]");
        }
        assertThat(count("select count(*) from registry_schemas where schema_text like '%\"U%'"))
                .isGreaterThanOrEqualTo(schemas.size());
        assertThat(count("select count(*) from (select fingerprint from registry_schemas group by fingerprint"
                + " having count(*) > 1) duplicates")).isZero();
    }

    @Test
    void shouldNumberVersionsWithoutGapsWhenDistinctSchemasRaceOnOneSubject() throws Exception {
        // given: 32 different schemas for one subject, two per thread
        String subject = "versions-" + UUID.randomUUID() + "-value";
        instances.get(0).put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
        List<String> schemas = IntStream.range(0, THREADS * 2).mapToObj(i -> uniqueRecord()).toList();
        Set<Integer> ids = ConcurrentHashMap.newKeySet();

        // when
        runConcurrently(thread -> {
            RegistryHttp http = instances.get(thread % 2);
            ids.add(http.register(subject, schemas.get(thread * 2)));
            ids.add(http.register(subject, schemas.get(thread * 2 + 1)));
        });

        // then
        assertThat(ids).hasSize(schemas.size());
        String expected = IntStream.rangeClosed(1, schemas.size()).mapToObj(Integer::toString)
                .reduce((a, b) -> a + "," + b).orElseThrow();
        assertThat(instances.get(0).get("/subjects/" + subject + "/versions").json().toString())
                .isEqualTo("[" + expected + "]");
        for (String schema : schemas) {
            assertThat(instances.get(1).post("/subjects/" + subject, RegistryHttp.schemaBody(schema)).status())
                    .isEqualTo(200);
        }
    }

    interface Work {
        void run(int thread) throws Exception;
    }

    /** Runs the work on every thread at once (all released together) and rethrows the first failure. */
    private static void runConcurrently(Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int index = thread;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    work.run(index);
                    return null;
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads started").isTrue();
            go.countDown();
            for (Future<?> future : futures) {
                // Bounded only so a deadlock fails the build instead of hanging it.
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String uniqueRecord() {
        return "{\"type\":\"record\",\"name\":\"U" + UUID.randomUUID().toString().replace("-", "")
                + "\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    }
}
