package dev.ep.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A Kafka cluster for tests, obtained from {@link TestPlatform#kafka()}. Brokers do not auto-create topics:
 * a test (or the code under test) creates every topic it uses.
 */
public interface KafkaServer extends AutoCloseable {

    Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /** {@code host:port[,host:port]} for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** A new Admin client on this cluster; the caller closes it. */
    default Admin admin() {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates a topic with replication factor 1 and waits until the controller has accepted it. */
    default void createTopic(String name, int partitions) {
        createTopics(new NewTopic(name, partitions, (short) 1));
    }

    /** Creates the topics and waits until the controller has accepted all of them. */
    default void createTopics(NewTopic... topics) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(topics)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + List.of(topics), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("creating topics " + List.of(topics) + " failed: " + cause, cause);
        }
    }

    @Override
    void close();
}
