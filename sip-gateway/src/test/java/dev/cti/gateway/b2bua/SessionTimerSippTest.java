package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 4028 session timers on the caller's leg (interval 3 s in these tests so they run quickly). */
class SessionTimerSippTest {
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        Sipp.require();
        h = new GatewayHarness(60, 20, 3);
    }

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aMissedRefreshClearsTheCallAsSessionTimer() {
        try (Sipp caller = Sipp.start("/b2bua/sipp/caller-no-refresh.xml", FreePorts.udpAndTcp(), h.target(), Map.of(),
                "-s", GatewayHarness.SERVICE_NUMBER)) {
            CallOffered offered = h.awaitOffered();
            CallCleared cleared = h.server.await(CallCleared.class);
            assertThat(cleared.callId()).isEqualTo(offered.callId());
            assertThat(cleared.cause()).isEqualTo(ClearCause.SESSION_TIMER);
            assertThat(cleared.at() - offered.at()).isBetween(1500L, 6000L);
            caller.assertPassed(Duration.ofSeconds(10)); // the 200 said refresher=uac with Require: timer; BYE came
        }
        h.awaitNoCalls();
    }

    @Test
    void theGatewayRefreshesWhenTheCallerDoesNotSupportTimers() {
        try (Sipp caller = Sipp.start("/b2bua/sipp/caller-gateway-refreshes.xml", FreePorts.udpAndTcp(), h.target(),
                Map.of(), "-s", GatewayHarness.SERVICE_NUMBER, "-d", "500")) {
            h.awaitOffered();
            CallCleared cleared = h.server.await(CallCleared.class);
            assertThat(cleared.cause()).isEqualTo(ClearCause.ABANDONED); // the caller hung up after the refresh
            caller.assertPassed(Duration.ofSeconds(10));
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void anIntervalBelowMinSeIsRefusedWith422() {
        try (Sipp caller = Sipp.start("/b2bua/sipp/caller-interval-too-small.xml", FreePorts.udpAndTcp(), h.target(),
                Map.of(), "-s", GatewayHarness.SERVICE_NUMBER)) {
            caller.assertPassed(Duration.ofSeconds(10));
        }
        h.awaitNoCalls();
        assertThat(h.server.received(CallOffered.class)).isEmpty();
    }
}
