package dev.ep.assignment.bench.floor;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The service's event path reduced to its shape: the request thread only offers the event to a bounded queue (never
 * calls the producer), one sender thread calls {@code producer.send} with the service's producer settings
 * ({@code acks=all}, idempotent, {@code linger.ms=5}). A full queue drops the event and counts it, as the service
 * does. Bound: {@value #QUEUE_CAPACITY} events in the queue plus the producer's {@code buffer.memory}.
 */
@Component
class EventHandOff implements DisposableBean {

    static final int QUEUE_CAPACITY = 10_000;

    /** Counters of the hand-off since start. */
    record Stats(long published, long dropped, long acknowledged, long failed) {
        String toJson() {
            return "{\"published\":" + published + ",\"dropped\":" + dropped + ",\"acknowledged\":" + acknowledged
                    + ",\"failed\":" + failed + "}";
        }
    }

    private record Event(String key, byte[] value) {
    }

    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Thread sender;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    EventHandOff(@Value("${floor.kafka}") String bootstrapServers, @Value("${floor.topic}") String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.CLIENT_ID_CONFIG, "floor-events"));
        awaitMetadata();
        this.sender = new Thread(this::send, "floor-event-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** Topic metadata first (the first fetch may outlast max.block.ms on a busy machine), so sends never wait for it. */
    private void awaitMetadata() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    /** Called on the request thread: never blocks. */
    void publish(String key, byte[] value) {
        if (queue.offer(new Event(key, value))) {
            published.incrementAndGet();
        } else {
            dropped.incrementAndGet();
        }
    }

    Stats stats() {
        return new Stats(published.get(), dropped.get(), acknowledged.get(), failed.get());
    }

    private void send() {
        while (running) {
            Event event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event == null) {
                continue;
            }
            try {
                producer.send(new ProducerRecord<>(topic, event.key(), event.value()), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
            } catch (RuntimeException e) {
                failed.incrementAndGet();
            }
        }
    }

    @Override
    public void destroy() {
        running = false;
        sender.interrupt();
        producer.close();
    }
}
