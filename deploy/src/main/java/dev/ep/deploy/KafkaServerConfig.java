package dev.ep.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The single-node KRaft configuration of the local broker: one process acting as broker and controller, both
 * listeners on loopback, replication factor 1 for every internal topic, and no topic auto-creation (the platform
 * creates its topics explicitly, so a typo in a topic name fails instead of silently creating a topic).
 */
record KafkaServerConfig(String host, int brokerPort, int controllerPort, Path logDir) {

    static final int NODE_ID = 1;

    KafkaServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logDir, "logDir");
        requirePort(brokerPort, "brokerPort");
        requirePort(controllerPort, "controllerPort");
        if (brokerPort == controllerPort) {
            throw new IllegalArgumentException("broker and controller need different ports, both were " + brokerPort);
        }
    }

    String bootstrapServers() {
        return host + ":" + brokerPort;
    }

    String controllerEndpoint() {
        return host + ":" + controllerPort;
    }

    /** The properties in file order; kept ordered so the rendered file reads like a hand-written one. */
    Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // Dynamic quorum (KIP-853): formatted with --standalone, this node is the only voter.
        p.put("controller.quorum.bootstrap.servers", controllerEndpoint());
        p.put("listeners", "PLAINTEXT://" + bootstrapServers() + ",CONTROLLER://" + controllerEndpoint());
        p.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers() + ",CONTROLLER://" + controllerEndpoint());
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("auto.create.topics.enable", "false");
        // A single developer's consumer group should not wait 3 s for more members before its first rebalance.
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /** The server.properties file content. */
    String render() {
        return properties().entrySet().stream()
                .map(e -> e.getKey() + "=" + escape(e.getValue()))
                .collect(Collectors.joining("\n",
                        "# Written by the ep platform launcher (dev.ep.deploy); rewritten on every start.\n", "\n"));
    }

    /** java.util.Properties escaping for the characters that can appear in paths. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    private static void requirePort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be within 1..65535, was " + port);
        }
    }
}
