package dev.ep.deploy;

import java.time.Duration;

/**
 * The front's bounds, each a hard limit (deploy/README.md, "The assignment front").
 *
 * @param maxConnections     client connections open at once; one more is answered 503 and closed
 * @param maxHeadBytes       request line plus headers (and a backend's status line plus headers)
 * @param maxHeaders         header lines of one request or response
 * @param maxBodyBytes       a request body (assignment-service takes at most 1 MB of events per call)
 * @param clientIdle         an idle keep-alive client connection is closed after this, and a request that trickles in
 *                           slower than this between reads is dropped
 * @param connectTimeout     connecting to a backend
 * @param responseTimeout    a backend's answer (between reads); then 504
 * @param pooledIdle         a pooled backend connection idle longer than this is closed, not reused (well under the
 *                           backends' 60 s keep-alive, so the front never writes into a connection the backend closes)
 * @param maxIdlePerBackend  pooled idle connections per backend
 * @param awaitInstance      how long a request waits for a ready instance when none is (all draining or restarting);
 *                           then 503
 * @param probeInterval      how often each backend's readiness is read
 * @param drainTimeout       how long a drain waits for the requests in flight on the instance
 */
record FrontLimits(int maxConnections, int maxHeadBytes, int maxHeaders, int maxBodyBytes, Duration clientIdle,
                   Duration connectTimeout, Duration responseTimeout, Duration pooledIdle, int maxIdlePerBackend,
                   Duration awaitInstance, Duration probeInterval, Duration drainTimeout) {

    static FrontLimits defaults() {
        return new FrontLimits(512, 16 * 1024, 100, 2 * 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(5), 64, Duration.ofSeconds(5), Duration.ofMillis(250),
                Duration.ofSeconds(15));
    }

    FrontLimits {
        if (maxConnections < 1 || maxHeadBytes < 256 || maxHeaders < 1 || maxBodyBytes < 0 || maxIdlePerBackend < 0) {
            throw new IllegalArgumentException("front limits must be positive");
        }
    }
}
