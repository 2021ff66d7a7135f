package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.Originate;
import dev.cti.link.message.RejectReason;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "Gateway restart": a gateway that is told to stop drains. New calls get 503 with Retry-After (the trunk
 * retries elsewhere) and click-to-dial is refused, while the calls in progress go on to their own end; the gateway
 * stops once they have ended, or hangs up what is left when the drain timeout passes.
 */
class DrainSippTest {
    private GatewayHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void newCallsGet503WhileTheCallInProgressGoesOnToItsOwnEnd() throws Exception {
        Sipp.require();
        h = new GatewayHarness(60);
        try (Sipp inProgress = h.call(GatewayHarness.SERVICE_NUMBER, 5000)) {
            CallOffered offered = h.awaitOffered();
            long start = System.nanoTime();
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> h.gateway.drain(Duration.ofSeconds(60)));
            await().atMost(Duration.ofSeconds(5)).until(() -> h.gateway.b2bua().draining());

            try (Sipp late = h.call(GatewayHarness.SERVICE_NUMBER, 100)) {
                assertThat(late.waitFor(Duration.ofSeconds(15))).isNotZero();
                assertThat(late.logs()).contains("SIP/2.0 503").containsIgnoringCase("Retry-After:");
            }
            h.server.send(new Originate("req-1", "1001", GatewayHarness.AGENT_EXT, "13812345678"));
            assertThat(h.server.await(CommandRejected.class).reason()).isEqualTo(RejectReason.CAPACITY);
            assertThat(drained).as("still draining: a call is up").isNotDone();

            // the caller hangs up by itself: its call was not cut
            inProgress.assertPassed(Duration.ofSeconds(15));
            CallCleared cleared = h.server.await(CallCleared.class, c -> c.callId().equals(offered.callId()));
            assertThat(cleared.cause()).isEqualTo(ClearCause.ABANDONED); // queued, then the caller left
            assertThat(cleared.waitMillis()).isGreaterThanOrEqualTo(4000);
            assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
        assertThat(h.gateway.registry().get("b2bua.calls.refused").tag("reason", "draining").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void callsStillUpWhenTheDrainTimeoutPassesAreHungUp() throws Exception {
        Sipp.require();
        h = new GatewayHarness(60);
        try (Sipp caller = h.callAwaitingBye(GatewayHarness.SERVICE_NUMBER)) {
            h.awaitOffered();
            long start = System.nanoTime();
            assertThat(h.gateway.drain(Duration.ofSeconds(2))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(h.gateway.b2bua().liveCalls()).isEqualTo(1);
            h.gateway.close();
            caller.assertPassed(Duration.ofSeconds(10)); // it got the gateway's BYE
            assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.SERVER_HANGUP);
        }
    }
}
