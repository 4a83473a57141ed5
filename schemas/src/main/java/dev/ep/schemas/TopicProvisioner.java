package dev.ep.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics with their declared partitions and configs, and verifies existing ones: a partition count
 * or cleanup policy that differs from the declaration fails with a {@link TopicMismatchException} listing every
 * difference (other config differences are logged as warnings and returned in {@link Result#warnings()}). Every
 * service runs it at start, so nothing depends on broker auto-creation.
 *
 * <p>The retention of event and dead-letter topics is the deployment's {@link TopicRetention}, applied to every
 * declared topic before it is created or verified. Unless one is passed in, it is read from the environment variables
 * ({@link TopicRetention#fromEnvironment()}): so the local launcher, config-service, assignment-service and
 * event-ingest, which all provision at start, create the topics alike from one setting without each wiring it.
 *
 * <p>Existing topics are never altered, retention included: a retention that differs from the configured one is a
 * warning that names the setting and the command to change the topic. Altering it here would let whichever process
 * started last decide, processes started with different settings (a rolling change) would undo each other, and a
 * shortened retention makes the broker delete records at once; an operator changes a live topic once, on purpose.
 */
public final class TopicProvisioner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  /**
   * What a provisioning run did.
   *
   * @param warnings differences of existing topics that were reported, not fixed (a retention other than the
   *     configured one, for instance)
   */
  public record Result(List<String> created, List<String> verified, List<String> warnings) {
    public Result {
      created = List.copyOf(created);
      verified = List.copyOf(verified);
      warnings = List.copyOf(warnings);
    }

    public Result(List<String> created, List<String> verified) {
      this(created, verified, List.of());
    }
  }

  private final Admin admin;
  private final boolean ownsAdmin;
  private final Optional<Short> replicationFactor;
  private final Duration timeout;
  private final TopicRetention retention;

  /**
   * A provisioner with the retention of the environment variables ({@link TopicRetention#fromEnvironment()}).
   *
   * @param admin the admin client (not closed by {@link #close()})
   * @param replicationFactor replication factor for created topics; empty = the broker's
   *     {@code default.replication.factor}
   * @param timeout bound of each admin call
   */
  public TopicProvisioner(Admin admin, Optional<Short> replicationFactor, Duration timeout) {
    this(admin, replicationFactor, timeout, TopicRetention.fromEnvironment());
  }

  /**
   * @param admin the admin client (not closed by {@link #close()})
   * @param replicationFactor replication factor for created topics; empty = the broker's
   *     {@code default.replication.factor}
   * @param timeout bound of each admin call
   * @param retention retention of the event and dead-letter topics
   */
  public TopicProvisioner(Admin admin, Optional<Short> replicationFactor, Duration timeout,
      TopicRetention retention) {
    this(admin, false, replicationFactor, timeout, retention);
  }

  private TopicProvisioner(Admin admin, boolean ownsAdmin, Optional<Short> replicationFactor, Duration timeout,
      TopicRetention retention) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.ownsAdmin = ownsAdmin;
    this.replicationFactor = Objects.requireNonNull(replicationFactor, "replicationFactor");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  /**
   * A provisioner with its own admin client built from {@code adminConfig} (at least bootstrap.servers) and the
   * retention of the environment variables.
   */
  public static TopicProvisioner create(Map<String, Object> adminConfig) {
    return create(adminConfig, TopicRetention.fromEnvironment());
  }

  /** A provisioner with its own admin client built from {@code adminConfig} and the given retention. */
  public static TopicProvisioner create(Map<String, Object> adminConfig, TopicRetention retention) {
    TopicRetention checked = Objects.requireNonNull(retention, "retention");
    return new TopicProvisioner(Admin.create(adminConfig), true, Optional.empty(), Duration.ofSeconds(30), checked);
  }

  /** Creates what is missing and verifies what exists. */
  public Result provision(Collection<? extends Topic<?, ?>> topics) {
    Map<String, Topic<?, ?>> declared = new LinkedHashMap<>();
    topics.forEach(t -> declared.put(t.name(), retention.apply(t)));
    Set<String> existing = await(admin.listTopics().names(), "list topics");

    List<String> created = new ArrayList<>();
    List<String> toVerify = new ArrayList<>();
    List<NewTopic> missing = new ArrayList<>();
    declared.values().forEach(topic -> {
      if (existing.contains(topic.name())) {
        toVerify.add(topic.name());
      } else {
        missing.add(new NewTopic(topic.name(), Optional.of(topic.partitions()), replicationFactor)
            .configs(topic.configs()));
      }
    });
    if (!missing.isEmpty()) {
      Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
      results.forEach((name, future) -> {
        try {
          future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          created.add(name);
          LOG.info("Created topic {} ({} partition(s), {})", name, declared.get(name).partitions(),
              declared.get(name).configs());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicExistsException) {
            toVerify.add(name); // created concurrently by another service: verify it like any existing topic
          } else {
            throw new KafkaException("Could not create topic " + name + ": " + e.getCause(), e.getCause());
          }
        } catch (TimeoutException e) {
          throw new KafkaException("Timed out after " + timeout + " creating topic " + name, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KafkaException("Interrupted while creating topic " + name, e);
        }
      });
    }
    List<String> warnings = toVerify.isEmpty() ? List.of() : verify(toVerify.stream().map(declared::get).toList());
    return new Result(created, toVerify, warnings);
  }

  private List<String> verify(List<Topic<?, ?>> topics) {
    List<String> names = topics.stream().map(Topic::name).toList();
    Map<String, TopicDescription> descriptions = await(admin.describeTopics(names).allTopicNames(),
        "describe topics " + names);
    List<ConfigResource> resources = names.stream()
        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
    Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(),
        "describe configs of " + names);
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Topic<?, ?> topic : topics) {
      Map<String, String> actual = new LinkedHashMap<>();
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
      if (config != null) {
        for (ConfigEntry entry : config.entries()) {
          if (entry.value() != null) {
            actual.put(entry.name(), entry.value());
          }
        }
      }
      TopicCheck.Result result = TopicCheck.check(topic, descriptions.get(topic.name()).partitions().size(), actual,
          retention.settingFor(topic));
      result.warnings().forEach(w -> LOG.warn("Existing {}", w));
      warnings.addAll(result.warnings());
      problems.addAll(result.problems());
    }
    if (!problems.isEmpty()) {
      throw new TopicMismatchException(problems);
    }
    LOG.info("Verified topics {}", names);
    return warnings;
  }

  private <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException("Could not " + what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException("Timed out after " + timeout + " trying to " + what + " (is Kafka reachable?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while trying to " + what, e);
    }
  }

  @Override
  public void close() {
    if (ownsAdmin) {
      admin.close(timeout);
    }
  }
}
