package dev.cti.gateway.b2bua;

import dev.cti.link.message.CallAnswered;
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

    /**
     * The CallAnswered of the agent's phone; a time-out says what the phone's sipp saw (a phone that never answers is
     * otherwise a bare time-out in the report).
     */
    protected CallAnswered awaitAnswered(Sipp phone) {
        try {
            return h.server.await(CallAnswered.class);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the agent's phone did not answer; its sipp:\n" + phone.messages() + "\n"
                    + phone.logs(), e);
        }
    }

    /** The server's command that rings agent 1001's phone for {@code offered}, 10 s ring timeout. */
    protected void deliverToAgent(CallOffered offered) {
        h.server.send(new DeliverToAgent(offered.callId(), "1001", GatewayHarness.AGENT_EXT, 10));
    }
}
