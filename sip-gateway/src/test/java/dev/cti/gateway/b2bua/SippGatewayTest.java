package dev.cti.gateway.b2bua;

import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.testpeers.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The common frame of the B2BUA's sipp tests: a whole gateway on free ports ({@link GatewayHarness}, 60 s
 * RTP inactivity) started before each test once sipp is known to be there, closed after it.
 */
abstract class SippGatewayTest {
    protected GatewayHarness h;

    @BeforeEach
    void startGateway() throws Exception {
        Sipp.require();
        h = new GatewayHarness(60);
    }

    @AfterEach
    void stopGateway() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    /** The server's command that rings agent 1001's phone for {@code offered}, 10 s ring timeout. */
    protected void deliverToAgent(CallOffered offered) {
        h.server.send(new DeliverToAgent(offered.callId(), "1001", GatewayHarness.AGENT_EXT, 10));
    }
}
