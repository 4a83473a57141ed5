package dev.ep.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.TrackingEvent;
import dev.ep.schemas.registry.SchemaRegistryClient;
import dev.ep.schemas.registry.SchemaRegistryClientConfig;
import dev.ep.schemas.serde.AvroDeserializer;
import dev.ep.schemas.serde.AvroSerdeConfig;
import dev.ep.schemas.serde.AvroSerializer;
import dev.ep.testsupport.TestPlatform;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contracts end to end: topics created by {@link TopicProvisioner} on a real KRaft broker, every event type
 * produced through {@link AvroSerializer} (configured by class name and Confluent keys, as a service would), schemas
 * registered in the project's real registry, and read back through {@link AvroDeserializer} into equal records.
 */
class WireFormatRoundTripIT {

  private static Admin admin;
  private static SchemaRegistryClient registry;
  private static Map<String, Topic<?, ?>> topics;

  @BeforeAll
  static void provisionTopics() {
    admin = Admin.create(Map.of("bootstrap.servers", TestPlatform.kafka().bootstrapServers()));
    registry = new SchemaRegistryClient(SchemaRegistryClientConfig.of(TestPlatform.registry().url()));
    topics = new LinkedHashMap<>();
    Topics.all(3).forEach(t -> topics.put(t.name(), t.withName(TestPlatform.uniqueTopic(t.name()))));
    try (TopicProvisioner provisioner = provisioner()) {
      TopicProvisioner.Result result = provisioner.provision(topics.values());
      assertThat(result.created()).hasSize(topics.size());
    }
  }

  @AfterAll
  static void closeAdmin() {
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void shouldReadEqualRecordsAndRegisterSubjectsWhenEveryEventTypeGoesThroughBrokerAndRegistry() {
    // given
    Map<String, SpecificRecord> sent = new LinkedHashMap<>();
    EventFixtures.onePerTopic().forEach((topic, record) -> sent.put(topics.get(topic.name()).name(), record));
    sent.put(topics.get(Topics.CONFIG_EXPERIMENTS.name()).name() + "#layer", EventFixtures.layerSnapshot());

    // when
    try (KafkaProducer<String, SpecificRecord> producer = producer(Map.of())) {
      sent.forEach((topicAndTag, record) -> producer.send(
          new ProducerRecord<>(topicAndTag.split("#")[0], "key-" + topicAndTag, record)));
      producer.flush();
    }
    List<ConsumerRecord<String, SpecificRecord>> received = consume(List.copyOf(
        sent.keySet().stream().map(k -> k.split("#")[0]).distinct().toList()), sent.size());

    // then
    Map<String, SpecificRecord> byKey = new HashMap<>();
    received.forEach(r -> byKey.put(r.key(), r.value()));
    sent.forEach((topicAndTag, record) -> assertThat(byKey.get("key-" + topicAndTag)).as(topicAndTag)
        .isEqualTo(record));
    for (Topic<String, ?> declared : EventFixtures.onePerTopic().keySet()) {
      String subject = topics.get(declared.name()).valueSubject();
      assertThat(registry.subjects()).contains(subject);
      assertThat(registry.latest(subject).schema()).isEqualTo(declared.valueSchema().orElseThrow());
    }
  }

  @Test
  void shouldWriteRegistryIdInWireFormatWhenProducingThroughTheBroker() {
    // given
    String topic = topics.get(Topics.EVENTS.name()).name();

    // when
    try (KafkaProducer<String, SpecificRecord> producer = producer(Map.of())) {
      producer.send(new ProducerRecord<>(topic, "raw", EventFixtures.trackingEvent()));
    }
    byte[] raw = consumeRaw(topic, "raw");

    // then
    int id = registry.lookup(topic + "-value", TrackingEvent.getClassSchema()).orElseThrow().id();
    assertThat(raw[0]).isZero();
    assertThat(ByteBuffer.wrap(raw, 1, 4).getInt()).isEqualTo(id);
  }

  @Test
  void shouldUsePreRegisteredSchemaWhenAutoRegisterIsOffAndFailWhenItIsMissing() {
    // given one topic whose schema an operator registered, one whose schema nobody did
    String registered = TestPlatform.uniqueTopic("ep.events");
    String unregistered = TestPlatform.uniqueTopic("ep.events");
    int id = registry.register(registered + "-value", TrackingEvent.getClassSchema());
    AvroSerializer<TrackingEvent> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, TestPlatform.registry().url(),
        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

    // when
    byte[] bytes = serializer.serialize(registered, EventFixtures.trackingEvent());

    // then
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    assertThatThrownBy(() -> serializer.serialize(unregistered, EventFixtures.trackingEvent()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not registered under subject '" + unregistered + "-value'");
    assertThat(registry.subjects()).doesNotContain(unregistered + "-value");
  }

  @Test
  void shouldCreateConfigTopicsCompactedAndTotallyOrderedWhenProvisioning() throws Exception {
    // given
    String snapshots = topics.get(Topics.CONFIG_EXPERIMENTS.name()).name();
    String changes = topics.get(Topics.CONFIG_CHANGES.name()).name();

    // when
    Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
        new ConfigResource(ConfigResource.Type.TOPIC, snapshots),
        new ConfigResource(ConfigResource.Type.TOPIC, changes))).all().get();
    var descriptions = admin.describeTopics(List.of(snapshots, changes)).allTopicNames().get();

    // then
    assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, snapshots)).get("cleanup.policy").value())
        .isEqualTo("compact");
    assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, changes)).get("retention.ms").value())
        .isEqualTo("-1");
    assertThat(descriptions.get(snapshots).partitions()).hasSize(1);
    assertThat(descriptions.get(changes).partitions()).hasSize(1);
  }

  @Test
  void shouldVerifyWithoutCreatingWhenTopicsAlreadyExist() {
    // when
    TopicProvisioner.Result result;
    try (TopicProvisioner provisioner = provisioner()) {
      result = provisioner.provision(topics.values());
    }

    // then
    assertThat(result.created()).isEmpty();
    assertThat(result.verified()).containsExactlyInAnyOrderElementsOf(
        topics.values().stream().map(Topic::name).toList());
  }

  @Test
  void shouldRejectWithEveryDifferenceWhenExistingTopicDoesNotMatchDeclaration() throws Exception {
    // given a config snapshot topic someone created by hand: two partitions, not compacted
    String name = TestPlatform.uniqueTopic("ep.config.experiments");
    admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get();

    // when / then
    try (TopicProvisioner provisioner = provisioner()) {
      assertThatThrownBy(() -> provisioner.provision(List.of(Topics.CONFIG_EXPERIMENTS.withName(name))))
          .isInstanceOfSatisfying(TopicMismatchException.class, e -> assertThat(e.problems()).containsExactly(
              "topic " + name + " has 2 partition(s), declared 1 (it must stay totally ordered)",
              "topic " + name + " has cleanup.policy=delete, declared compact"))
          .hasMessageContaining("do not match their declaration");
    }
  }

  private static TopicProvisioner provisioner() {
    return new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30));
  }

  private static KafkaProducer<String, SpecificRecord> producer(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestPlatform.kafka().bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, TestPlatform.registry().url(),
        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "true"));
    config.putAll(extra);
    return new KafkaProducer<>(config);
  }

  private static List<ConsumerRecord<String, SpecificRecord>> consume(List<String> topicNames, int expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestPlatform.kafka().bootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, TestPlatform.registry().url(),
        AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
    List<ConsumerRecord<String, SpecificRecord>> received = new ArrayList<>();
    try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      topicNames.forEach(t -> consumer.partitionsFor(t).forEach(p -> partitions.add(
          new TopicPartition(t, p.partition()))));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        return received.size() >= expected;
      });
    }
    return received;
  }

  private static byte[] consumeRaw(String topic, String key) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestPlatform.kafka().bootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<byte[]> values = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (key.equals(r.key())) {
            values.add(r.value());
          }
        });
        return !values.isEmpty();
      });
    }
    return values.get(0);
  }
}
