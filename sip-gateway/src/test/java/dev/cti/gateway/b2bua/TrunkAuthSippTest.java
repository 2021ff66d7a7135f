package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.DigestClient;
import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.Transfer;
import dev.cti.link.message.TransferOutcome;
import dev.cti.protocol.digest.DigestAlgorithm;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Click-to-dial through a trunk that authenticates the gateway (sipp as the trunk checks the digest with its
 * {@code verifyauth}): a 407 or 401 challenge is answered once with {@code trunks[].credentials}; wrong
 * credentials fail the originate (FAILED, CallCleared FAILED) or the transfer to a number (FAILED, the caller back
 * with the agent) and count in {@code b2bua_trunk_auth_failures_total}.
 */
class TrunkAuthSippTest {
    private static final String NUMBER = "13900001111";
    private GatewayHarness h;

    @AfterEach
    void stopGateway() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void proxyChallengeIsAnsweredAndTheChallengedByeToo() throws Exception {
        start("gw-trunk", "trunk-secret");
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-auth-407.xml", h.trunkPort, null, Map.of());
             Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            String callId = originateConnects(trunk, phonePort);
            h.server.send(new HangUp(callId, ClearCause.SERVER_HANGUP));
            assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.SERVER_HANGUP);
            phone.assertPassed(Duration.ofSeconds(10));
            trunk.assertPassed(Duration.ofSeconds(10));
            assertProxyAuthorizationVerifies(trunk.messages(), "trunk-secret");
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().trunkAuthFailures()).isZero();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void wrongPasswordAnsweredWith403FailsTheOriginateAndIsCounted() throws Exception {
        start("gw-trunk", "not-the-secret");
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-auth-401.xml", h.trunkPort, null, Map.of())) {
            originateFails();
            trunk.assertPassed(Duration.ofSeconds(10));
            assertThat(trunk.messages()).contains("Authorization: Digest").contains("SIP/2.0 403 Forbidden");
        }
        assertThat(h.gateway.b2bua().metrics().trunkAuthFailures()).isEqualTo(1.0);
        assertThat(rejectedOnMetricsPage()).isTrue();
    }

    @Test
    void wwwAuthenticateChallengeIsAnswered() throws Exception {
        start("gw-trunk", "trunk-secret");
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-auth-401.xml", h.trunkPort, null, Map.of());
             Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            String callId = originateConnects(trunk, phonePort);
            h.server.send(new HangUp(callId, ClearCause.SERVER_HANGUP));
            h.server.await(CallCleared.class);
            phone.assertPassed(Duration.ofSeconds(10));
            trunk.assertPassed(Duration.ofSeconds(10));
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().trunkAuthFailures()).isZero();
    }

    @Test
    void secondChallengeFailsTheOriginateWithoutAThirdTry() throws Exception {
        start("gw-trunk", "not-the-secret");
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-auth-rechallenge.xml", h.trunkPort, null, Map.of())) {
            originateFails();
            trunk.assertPassed(Duration.ofSeconds(10)); // no third INVITE within 1.5 s of the second 407
        }
        assertThat(h.gateway.b2bua().metrics().trunkAuthFailures()).isEqualTo(1.0);
        assertThat(rejectedOnMetricsPage()).isTrue();
    }

    @Test
    void transferToANumberAnswersTheChallengeToo() throws Exception {
        start("gw-trunk", "trunk-secret");
        assertThat(transferThroughTrunk()).isEqualTo(TransferOutcome.COMPLETED);
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().trunkAuthFailures()).isZero();
    }

    @Test
    void transferWithAWrongPasswordFailsAndTheCallerStaysWithTheAgent() throws Exception {
        start("gw-trunk", "not-the-secret");
        assertThat(transferThroughTrunk()).isEqualTo(TransferOutcome.FAILED);
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().trunkAuthFailures()).isEqualTo(1.0);
    }

    /** An inbound call answered by agent 1001, then the server's Transfer to {@link #NUMBER}: its outcome. */
    private TransferOutcome transferThroughTrunk() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-auth-401.xml", h.trunkPort, null, Map.of());
             Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 3000)) {
                CallOffered offered = h.awaitOffered();
                h.server.send(new DeliverToAgent(offered.callId(), "1001", GatewayHarness.AGENT_EXT, 10));
                h.server.await(CallAnswered.class);
                h.server.send(new Transfer(offered.callId(), TargetKind.NUMBER, NUMBER));
                CallTransferred transferred = h.server.await(CallTransferred.class);
                caller.assertPassed(Duration.ofSeconds(15));
                phone.assertPassed(Duration.ofSeconds(10)); // BYE after the transfer, or after the caller's BYE
                trunk.assertPassed(Duration.ofSeconds(10));
                return transferred.outcome();
            }
        }
    }

    @Test
    void trunkWithoutCredentialsThatChallengesFailsAsBefore() throws Exception {
        Sipp.require();
        h = new GatewayHarness(60);
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-auth-407.xml", h.trunkPort, null, Map.of())) {
            originateFails();
            trunk.close(); // it waits for a second INVITE that never comes
        }
        assertThat(h.gateway.b2bua().metrics().trunkAuthFailures()).isEqualTo(1.0);
        assertThat(h.gateway.registry().scrape())
                .contains("b2bua_trunk_auth_failures_total{reason=\"no_credentials\"} 1.0");
    }

    private void start(String username, String password) throws Exception {
        Sipp.require();
        h = GatewayHarness.withTrunkCredentials(username, password);
    }

    /** Rings the agent's phone (sipp answers), dials the customer through the trunk: CONNECTED. */
    private String originateConnects(Sipp trunk, int phonePort) throws Exception {
        h.registerAgent(phonePort);
        h.server.send(new Originate("req-auth", "1001", GatewayHarness.AGENT_EXT, NUMBER));
        List<OriginateProgress> progress = h.server.awaitCount(OriginateProgress.class, 3);
        assertThat(progress).extracting(OriginateProgress::state).as(trunk.logs())
                .containsExactly(OriginateState.AGENT_RINGING, OriginateState.DIALING, OriginateState.CONNECTED);
        return progress.get(0).callId();
    }

    /** The originate reaches the trunk and fails there: FAILED, then CallCleared FAILED. */
    private void originateFails() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            h.server.send(new Originate("req-auth", "1001", GatewayHarness.AGENT_EXT, NUMBER));
            List<OriginateProgress> progress = h.server.awaitCount(OriginateProgress.class, 3);
            assertThat(progress).extracting(OriginateProgress::state)
                    .containsExactly(OriginateState.AGENT_RINGING, OriginateState.DIALING, OriginateState.FAILED);
            assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.FAILED);
            phone.assertPassed(Duration.ofSeconds(10));
        }
        h.awaitNoCalls();
    }

    /**
     * The re-sent INVITE's Proxy-Authorization, recomputed with the registrar's (server-side) digest code: sipp 3.6's
     * verifyauth reads only Authorization, so this side of the check is ours.
     */
    private static void assertProxyAuthorizationVerifies(String sippMessages, String password) {
        String header = sippMessages.lines().filter(l -> l.startsWith("Proxy-Authorization:")).findFirst()
                .orElseThrow(() -> new AssertionError("no Proxy-Authorization in\n" + sippMessages));
        String uri = DigestClient.param(header, "uri");
        assertThat(uri).startsWith("sip:13900001111@127.0.0.1:");
        String expected = DigestAlgorithm.MD5.response("gw-trunk", "carrier.test", password, "INVITE", uri,
                DigestClient.param(header, "nonce"), DigestClient.param(header, "nc"),
                DigestClient.param(header, "cnonce"), DigestClient.param(header, "qop"));
        assertThat(DigestClient.param(header, "response")).as(header).isEqualTo(expected);
        assertThat(DigestClient.param(header, "opaque")).isEqualTo("op-7f3a");
    }

    private boolean rejectedOnMetricsPage() {
        return h.gateway.registry().scrape().contains("b2bua_trunk_auth_failures_total{reason=\"rejected\"} 1.0");
    }
}
