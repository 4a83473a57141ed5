package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    private static final Component ASSIGNMENT = Catalog.service("assignment-service").orElseThrow();
    private static final Component INGEST = Catalog.service("event-ingest").orElseThrow();
    private static final Component CONFIG = Catalog.service("config-service").orElseThrow();

    @Test
    void shouldKeepTodaysPortsWhenNoOffsetAndOneInstance() {
        // when
        Ports ports = new Ports(0, 1);

        // then
        assertThat(ports.kafka()).isEqualTo(9092);
        assertThat(ports.kafkaController()).isEqualTo(9093);
        assertThat(ports.postgres()).isEqualTo(54329);
        assertThat(ports.instances(ASSIGNMENT)).extracting(Instance::port).containsExactly(8080);
        assertThat(ports.instances(ASSIGNMENT)).extracting(Instance::name).containsExactly("assignment-service");
        assertThat(ports.fronted(ASSIGNMENT)).isFalse();
        assertThat(ports.baseUrl(Catalog.SCHEMA_REGISTRY)).isEqualTo("http://127.0.0.1:8081");
    }

    @Test
    void shouldMoveEveryPortByTheOffsetWhenOneIsSet() {
        // when
        Ports ports = new Ports(10_000, 1);

        // then
        assertThat(List.of(ports.kafka(), ports.kafkaController(), ports.postgres(), ports.port(ASSIGNMENT),
                ports.port(Catalog.SCHEMA_REGISTRY))).containsExactly(19092, 19093, 64329, 18080, 18081);
    }

    @Test
    void shouldPutInstancesOnHundredStepsAndTheFrontOnTheServicePortWhenSeveralRun() {
        // when
        Ports ports = new Ports(10, 3);

        // then
        assertThat(ports.fronted(ASSIGNMENT)).isTrue();
        assertThat(ports.port(ASSIGNMENT)).isEqualTo(8090);
        assertThat(ports.instances(ASSIGNMENT)).extracting(Instance::port).containsExactly(8190, 8290, 8390);
        assertThat(ports.instances(ASSIGNMENT)).extracting(Instance::name)
                .containsExactly("assignment-service", "assignment-service-2", "assignment-service-3");
        assertThat(ports.fronted(INGEST)).isFalse();
        assertThat(ports.instances(INGEST)).extracting(Instance::port).containsExactly(8193, 8293, 8393);
        assertThat(ports.baseUrl(INGEST)).isEqualTo("http://127.0.0.1:8193");
        assertThat(ports.baseUrl(ASSIGNMENT)).isEqualTo("http://127.0.0.1:8090");
        assertThat(ports.instances(CONFIG)).extracting(Instance::port).containsExactly(8092);
    }

    @Test
    void shouldNeverGiveTwoProcessesOnePortWhateverTheInstanceCount() {
        for (int n = 1; n <= Ports.MAX_INSTANCES; n++) {
            // given
            Ports ports = new Ports(-500, n);
            List<Integer> all = new ArrayList<>(List.of(ports.kafka(), ports.kafkaController(), ports.postgres()));
            for (Component c : Catalog.components()) {
                if (ports.fronted(c)) {
                    all.add(ports.port(c));
                }
                ports.instances(c).forEach(i -> all.add(i.port()));
            }

            // then
            Set<Integer> distinct = new HashSet<>(all);
            assertThat(distinct).as("instances " + n).hasSameSizeAs(all);
        }
    }

    @Test
    void shouldRefuseOffsetsAndInstanceCountsOutsideTheirRangesWhenGiven() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Ports(11_207, 1))
                .withMessageContaining("EP_PORT_OFFSET=11207").withMessageContaining("-7056 to 11206");
        assertThatIllegalArgumentException().isThrownBy(() -> new Ports(-7057, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Ports(Integer.MAX_VALUE, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Ports(Integer.MIN_VALUE, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Ports(0, 0)).withMessageContaining("--instances");
        assertThatIllegalArgumentException().isThrownBy(() -> new Ports(0, 5)).withMessageContaining("1 to 4");
        assertThat(new Ports(11_206, 4).postgres()).isEqualTo(65_535);
        assertThat(new Ports(-7056, 4).port(ASSIGNMENT)).isEqualTo(1024);
    }
}
