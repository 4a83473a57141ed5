package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortGuardTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void shouldNameTheOwnerWhenItsPortIsAlreadyTaken() throws Exception {
        // given something else listening
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(LOOPBACK, 0));
            int taken = other.getLocalPort();
            int free = freePort();

            // when
            List<PortGuard.Claim> busy = PortGuard.busy(LOOPBACK,
                    List.of(new PortGuard.Claim("kafka", free), new PortGuard.Claim("config-service", taken)));

            // then
            assertThat(busy).containsExactly(new PortGuard.Claim("config-service", taken));
        }
    }

    @Test
    void shouldFindNothingBusyWhenPortsAreFree() throws Exception {
        assertThat(PortGuard.busy(LOOPBACK, List.of(new PortGuard.Claim("kafka", freePort())))).isEmpty();
    }

    @Test
    void shouldSeeAWildcardListenerAsBusyWhenCheckingLoopback() throws Exception {
        // given a listener on all interfaces, as a Spring Boot app binds by default
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(0));

            // then
            assertThat(PortGuard.canBind(LOOPBACK, other.getLocalPort())).isFalse();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }
}
