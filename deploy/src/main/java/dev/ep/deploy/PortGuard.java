package dev.ep.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/** Finds the platform ports something else already listens on, before anything is started. */
final class PortGuard {

    /** A port the platform is about to listen on, and for what. */
    record Claim(String owner, int port) {
    }

    private PortGuard() {
    }

    static List<Claim> busy(InetAddress address, List<Claim> claims) {
        return claims.stream().filter(c -> !canBind(address, c.port())).toList();
    }

    static boolean canBind(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // like the servers themselves: a TIME_WAIT leftover is no conflict
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
