package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.CallOffered;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Customer calls are taken only from a configured trunk's address (host or allowFrom). */
class UntrustedSourceSippTest {
    private GatewayHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void inviteFromAnAddressThatIsNoTrunkIsForbidden() throws Exception {
        Sipp.require();
        h = new GatewayHarness(60, 20, 1800, "192.0.2.10"); // the trunk is elsewhere; sipp calls from 127.0.0.1
        try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 100)) {
            assertThat(caller.waitFor(Duration.ofSeconds(15))).isNotZero();
            assertThat(caller.logs()).contains("SIP/2.0 403");
        }
        assertThat(h.server.received(CallOffered.class)).isEmpty();
        assertThat(h.gateway.sip().callAdmission().active()).isZero();
    }
}
