package dev.cti.gateway.sip.testing;

import dev.cti.config.AgentConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.gateway.sip.Credentials;
import dev.cti.gateway.sip.SipEndpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sip.SipException;

/** A running {@link SipEndpoint} on free loopback ports with a few test agents, for integration tests. */
public final class TestEndpoint implements AutoCloseable {
    public static final String DOMAIN = "cti.test";

    /** extension → password of the test agents. */
    public static final Map<String, String> AGENTS = Map.of("1001", "secret-1001", "1002", "secret-1002");

    public final SipEndpoint endpoint;
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    public final int port;

    public TestEndpoint(int maxRequestsPerSecondPerSource, int maxCalls, Clock clock) throws SipException {
        this(maxRequestsPerSecondPerSource, maxCalls, clock, SipEndpoint.Options.defaults());
    }

    public TestEndpoint(int maxRequestsPerSecondPerSource, int maxCalls, Clock clock, SipEndpoint.Options options)
            throws SipException {
        this.port = FreePorts.udpAndTcp();
        NetworkConfig.Sip sip = sipConfig(port, maxRequestsPerSecondPerSource, maxCalls);
        this.endpoint = SipEndpoint.start(sip, credentials(), registry, clock, scheduler, options);
    }

    public static NetworkConfig.Sip sipConfig(int port, int maxRequestsPerSecondPerSource, int maxCalls) {
        return new NetworkConfig.Sip("127.0.0.1", port, port, DOMAIN, maxCalls, maxRequestsPerSecondPerSource,
                1800, 60, 3600);
    }

    public static Credentials credentials() {
        return ext -> Optional.ofNullable(AGENTS.get(ext)).map(pw -> new AgentConfig("agent-" + ext, "Agent " + ext,
                "W" + ext, ext, pw, Map.of(), "team-a", "en"));
    }

    @Override
    public void close() {
        endpoint.stop();
        scheduler.shutdownNow();
    }
}
