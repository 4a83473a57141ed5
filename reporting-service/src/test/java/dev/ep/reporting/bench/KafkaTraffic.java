package dev.ep.reporting.bench;

import com.sun.management.ThreadMXBean;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The platform's Kafka request traffic during a phase, read over JMX from every platform JVM through the Attach API
 * (each JVM's local management agent is started on demand, so no process needs a JMX port or a flag):
 * <ul>
 *   <li>the broker: requests per API ({@code kafka.network:type=RequestMetrics,name=RequestsPerSec,request=*}, the
 *       meters' cumulative {@code Count}, summed over versions) and records in per topic
 *       ({@code kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=*}); the decisions written to
 *       {@code ep.assignments} are the unit of the load (one per assign request), so figures are also given per 1,000
 *       of them;</li>
 *   <li>every client in every service JVM: requests sent ({@code request-total} of {@code consumer-metrics},
 *       {@code producer-metrics}, {@code admin-client-metrics}) and fetches ({@code fetch-total} of
 *       {@code consumer-fetch-manager-metrics}), per process and client id (Kafka Streams' random UUID left out);</li>
 *   <li>every JVM: the CPU time of its threads by family (numbers in the name replaced by N), to see which part of a
 *       process (the broker's network threads or request handlers, a service's stream thread) takes its CPU.</li>
 * </ul>
 * A JVM that cannot be attached or read is named under {@code unreachable}, never fatal: the benchmark's other figures
 * stand without these.
 */
final class KafkaTraffic implements AutoCloseable {

    static final String DECISIONS_TOPIC = "ep.assignments";
    private static final String BROKER = "broker request ";
    private static final String RECORDS_IN = "broker records in ";
    private static final String CLIENT = "client ";
    private static final String REQUESTS = " requests";
    private static final String FETCHES = " fetches";
    private static final String THREADS = "threads ";
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern UUID = Pattern.compile(
            "-?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Fetch requests are also counted under these names by the broker, besides "Fetch": not added to the total. */
    private static final Set<String> FETCH_ALIASES = Set.of("FetchConsumer", "FetchFollower");

    /** Cumulative counters at one moment; {@code unreachable}: processes that could not be read. */
    record Snapshot(Map<String, Double> counters, List<String> unreachable, long nanoTime) {
    }

    private record Jvm(long pid, String label, JMXConnector connector, MBeanServerConnection server) {
    }

    private final List<Jvm> jvms;
    private final List<String> unreachable;

    private KafkaTraffic(List<Jvm> jvms, List<String> unreachable) {
        this.jvms = jvms;
        this.unreachable = unreachable;
    }

    /** Attaches to every platform JVM running now (the broker and the services; not PostgreSQL). */
    static KafkaTraffic attach() {
        List<Jvm> jvms = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        ProcessCpu.platformProcesses().forEach((pid, label) -> {
            if (label.equals("postgres")) {
                return;
            }
            try {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
                String address;
                try {
                    address = vm.startLocalManagementAgent();
                } finally {
                    vm.detach();
                }
                JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
                jvms.add(new Jvm(pid, label, connector, connector.getMBeanServerConnection()));
            } catch (Exception | LinkageError e) {
                unreachable.add(label + " (pid " + pid + "): " + e);
            }
        });
        return new KafkaTraffic(jvms, unreachable);
    }

    Snapshot take() {
        Map<String, Double> counters = new TreeMap<>();
        List<String> failed = new ArrayList<>(unreachable);
        for (Jvm jvm : jvms) {
            try {
                threadCpu(jvm, counters);
                if (jvm.label().equals("kafka")) {
                    sum(jvm.server(), "kafka.network:type=RequestMetrics,name=RequestsPerSec,*", "Count",
                            name -> BROKER + name.getKeyProperty("request"), counters);
                    sum(jvm.server(), "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=*", "Count",
                            name -> RECORDS_IN + name.getKeyProperty("topic"), counters);
                } else {
                    String prefix = CLIENT + jvm.label() + " ";
                    for (String group : List.of("kafka.consumer:type=consumer-metrics,*",
                            "kafka.producer:type=producer-metrics,*", "kafka.admin.client:type=admin-client-metrics,*")) {
                        sum(jvm.server(), group, "request-total",
                                name -> prefix + clientId(name) + REQUESTS, counters);
                    }
                    sum(jvm.server(), "kafka.consumer:type=consumer-fetch-manager-metrics,*", "fetch-total",
                            name -> name.getKeyProperty("topic") != null || name.getKeyProperty("partition") != null
                                    ? null : prefix + clientId(name) + FETCHES, counters);
                }
            } catch (Exception e) {
                failed.add(jvm.label() + " (pid " + jvm.pid() + "): " + e);
            }
        }
        return new Snapshot(counters, failed, System.nanoTime());
    }

    /**
     * CPU-seconds of the JVM's live threads by family (the thread name with its numbers replaced by N, so the
     * broker's "data-plane-kafka-request-handler-N" or a service's "http-nio-N-exec-N" add up); threads that ended
     * between two snapshots are not counted, and the JVM's own GC and compiler threads are not listed (ProcessCpu
     * reports the compilers).
     */
    private static void threadCpu(Jvm jvm, Map<String, Double> into) throws IOException {
        ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(jvm.server(),
                ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        long[] cpu = threads.getThreadCpuTime(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] > 0) {
                String family = DIGITS.matcher(UUID.matcher(infos[i].getThreadName()).replaceAll(""))
                        .replaceAll("N");
                into.merge(THREADS + jvm.label() + " " + family, cpu[i] / 1e9, Double::sum);
            }
        }
    }

    private interface Key {
        String of(ObjectName name);
    }

    private static void sum(MBeanServerConnection server, String pattern, String attribute, Key key,
                            Map<String, Double> into) throws Exception {
        for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
            String k = key.of(name);
            if (k == null) {
                continue;
            }
            try {
                Object value = server.getAttribute(name, attribute);
                if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                    into.merge(k, n.doubleValue(), Double::sum);
                }
            } catch (AttributeNotFoundException | InstanceNotFoundException e) {
                // a metric without this attribute, or one that went away (a client closed) meanwhile
            }
        }
    }

    private static String clientId(ObjectName name) {
        String id = name.getKeyProperty("client-id");
        return id == null ? "?" : UUID.matcher(id).replaceAll("");
    }

    /**
     * The traffic between two snapshots: per second (broker requests per API, each client's requests and fetches),
     * the decisions (records in on {@value #DECISIONS_TOPIC}), broker requests per 1,000 decisions, and, given the
     * phase's CPU-seconds per process ({@link ProcessCpu#between}), CPU-seconds per 1,000 decisions per process.
     */
    static Map<String, Object> between(Snapshot from, Snapshot to, Map<String, Object> cpuSeconds) {
        double seconds = Math.max(1e-9, (to.nanoTime() - from.nanoTime()) / 1e9);
        Map<String, Double> delta = new TreeMap<>();
        to.counters().forEach((k, v) -> delta.put(k, Math.max(0, v - from.counters().getOrDefault(k, 0.0))));
        double decisions = delta.getOrDefault(RECORDS_IN + DECISIONS_TOPIC, 0.0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", round(seconds));
        m.put("decisions", Math.round(decisions));
        double brokerTotal = 0;
        Map<String, Double> broker = new TreeMap<>();
        Map<String, Double> clientRequests = new TreeMap<>();
        Map<String, Double> clientFetches = new TreeMap<>();
        Map<String, Double> recordsIn = new TreeMap<>();
        Map<String, Double> threadCpu = new TreeMap<>();
        for (Map.Entry<String, Double> e : delta.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(BROKER)) {
                String api = k.substring(BROKER.length());
                broker.put(api, e.getValue() / seconds);
                if (!FETCH_ALIASES.contains(api)) {
                    brokerTotal += e.getValue();
                }
            } else if (k.startsWith(RECORDS_IN)) {
                recordsIn.put(k.substring(RECORDS_IN.length()), e.getValue() / seconds);
            } else if (k.startsWith(CLIENT) && k.endsWith(REQUESTS)) {
                clientRequests.put(k.substring(CLIENT.length(), k.length() - REQUESTS.length()), e.getValue() / seconds);
            } else if (k.startsWith(THREADS)) {
                threadCpu.put(k.substring(THREADS.length()), e.getValue());
            } else if (k.startsWith(CLIENT) && k.endsWith(FETCHES)) {
                clientFetches.put(k.substring(CLIENT.length(), k.length() - FETCHES.length()), e.getValue() / seconds);
            }
        }
        m.put("brokerRequestsPerSecond", round(brokerTotal / seconds));
        m.put("brokerRequestsPer1000Decisions", decisions < 1 ? null : round(brokerTotal / decisions * 1000));
        m.put("brokerRequestsPerSecondByApi", descending(broker));
        m.put("recordsInPerSecondByTopic", descending(recordsIn));
        m.put("clientRequestsPerSecond", descending(clientRequests));
        m.put("clientFetchesPerSecond", descending(clientFetches));
        Map<String, Double> cpuPerThousand = new LinkedHashMap<>();
        if (decisions >= 1) {
            cpuSeconds.forEach((label, v) -> {
                if (v instanceof Number n && !label.equals("machineCapacity") && !label.equals("wallSeconds")) {
                    cpuPerThousand.put(label, Math.round(n.doubleValue() / decisions * 1000 * 1000) / 1000.0);
                }
            });
        }
        m.put("cpuSecondsPer1000Decisions", cpuPerThousand);
        Map<String, Double> topThreads = new LinkedHashMap<>();
        threadCpu.entrySet().stream().filter(e -> e.getValue() >= 0.1)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(40)
                .forEach(e -> topThreads.put(e.getKey(), round(e.getValue())));
        m.put("threadCpuSeconds", topThreads);
        if (!to.unreachable().isEmpty()) {
            m.put("unreachable", to.unreachable());
        }
        return m;
    }

    /** Rates above 0.05/s, largest first, rounded to 0.1. */
    private static Map<String, Double> descending(Map<String, Double> rates) {
        Map<String, Double> sorted = new LinkedHashMap<>();
        rates.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> sorted.put(e.getKey(), round(e.getValue())));
        return sorted;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    @Override
    public void close() {
        for (Jvm jvm : jvms) {
            try {
                jvm.connector().close();
            } catch (IOException e) {
                // the process is gone: nothing to close
            }
        }
    }
}
