package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.RejectReason;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway ending calls itself: HangUp from the server, RTP inactivity, the call limit, shutdown. */
class CallEndingSippTest {
    private GatewayHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void hangUpCommandByesTheQueuedCallerWithTheServersCause() throws Exception {
        Sipp.require();
        h = new GatewayHarness(60);
        try (Sipp caller = h.callAwaitingBye(GatewayHarness.SERVICE_NUMBER)) {
            CallOffered offered = h.awaitOffered();
            h.server.send(new HangUp(offered.callId(), ClearCause.MAX_WAIT));
            CallCleared cleared = h.server.await(CallCleared.class);
            assertThat(cleared.cause()).isEqualTo(ClearCause.MAX_WAIT);
            caller.assertPassed(Duration.ofSeconds(10));
        }
        h.awaitNoCalls();
        h.server.send(new HangUp("c-nope", ClearCause.SERVER_HANGUP));
        CommandRejected rejected = h.server.await(CommandRejected.class);
        assertThat(rejected.reason()).isEqualTo(RejectReason.UNKNOWN_CALL);
        assertThat(rejected.commandType()).isEqualTo("HangUp");
    }

    @Test
    void callWhoseRtpStopsIsClearedAsRtpTimeoutAndTheCallerIsByed() throws Exception {
        Sipp.require();
        h = new GatewayHarness(2); // sipp sends no RTP at all
        try (Sipp caller = h.callAwaitingBye(GatewayHarness.SERVICE_NUMBER)) {
            h.awaitOffered();
            CallCleared cleared = h.server.await(CallCleared.class);
            assertThat(cleared.cause()).isEqualTo(ClearCause.RTP_TIMEOUT);
            caller.assertPassed(Duration.ofSeconds(10));
        }
        h.awaitNoCalls();
    }

    @Test
    void callsBeyondTheLimitGet503WithRetryAfter() throws Exception {
        Sipp.require();
        h = new GatewayHarness(60, 1);
        try (Sipp first = h.callAwaitingBye(GatewayHarness.SERVICE_NUMBER)) {
            CallOffered offered = h.awaitOffered();
            try (Sipp second = h.call(GatewayHarness.SERVICE_NUMBER, 100)) {
                assertThat(second.waitFor(Duration.ofSeconds(15))).isNotZero();
                assertThat(second.logs()).contains("SIP/2.0 503").containsIgnoringCase("Retry-After:");
            }
            h.server.send(new HangUp(offered.callId(), ClearCause.SERVER_HANGUP));
            first.assertPassed(Duration.ofSeconds(10));
        }
        h.awaitNoCalls();
        assertThat(h.gateway.sip().callAdmission().active()).isZero();
    }

    @Test
    void shutdownByesLiveCalls() throws Exception {
        Sipp.require();
        h = new GatewayHarness(60);
        try (Sipp caller = h.callAwaitingBye(GatewayHarness.SERVICE_NUMBER)) {
            h.awaitOffered();
            h.gateway.close();
            caller.assertPassed(Duration.ofSeconds(10));
        }
    }
}
