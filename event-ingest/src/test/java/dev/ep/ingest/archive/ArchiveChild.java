package dev.ep.ingest.archive;

import dev.ep.ingest.store.PartitionManager;
import dev.ep.testsupport.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The archive job in a JVM of its own, for a real kill: it prints the name of a step when it reaches it and then
 * waits to be killed. {@code main(jdbcUrl, user, password, directory, step)}.
 */
public final class ArchiveChild {

    private ArchiveChild() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[0]);
        dataSource.setUser(args[1]);
        dataSource.setPassword(args[2]);
        ArchiveStep stop = ArchiveStep.valueOf(args[4]);
        PartitionArchiver archiver = new PartitionArchiver(dataSource, new PartitionManager(dataSource),
                new ArchiveSettings(Path.of(args[3]), 2, 0, "128MB", 1), ArchiveFixtures.CLOCK, (step, table, day) -> {
                    if (step == stop) {
                        System.out.println(step);
                        System.out.flush();
                        try {
                            Thread.sleep(Duration.ofMinutes(2).toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        archiver.runOnce();
    }

    static Process start(Database db, Path directory, String step) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ArchiveChild.class.getName(), db.jdbcUrl(), db.username(), db.password() == null ? "" : db.password(),
                directory.toString(), step)).redirectErrorStream(true).start();
    }

    /** Waits (at most a minute) until the child prints {@code line}; fails if it exits first. */
    static void awaitLine(Process child, String line) throws Exception {
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String l;
                StringBuilder output = new StringBuilder();
                while ((l = reader.readLine()) != null) {
                    if (l.equals(line)) {
                        return true;
                    }
                    output.append(l).append('\n');
                }
                throw new IllegalStateException("the archive child exited before " + line + ":\n" + output);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        seen.get(60, TimeUnit.SECONDS);
    }
}
