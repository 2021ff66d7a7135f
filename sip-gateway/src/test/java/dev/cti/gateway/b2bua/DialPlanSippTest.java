package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.DialingConfig;
import dev.cti.config.UserConfig;
import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DialRefusal;
import dev.cti.link.message.DialRefused;
import dev.cti.link.message.DialSource;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.Originate;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.Transfer;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dial plan on the gateway (issue 13): a REFER from the agent's phone, a Transfer and an Originate to numbers the
 * trunk's default dial plan refuses (a premium-rate information line, an international number) are refused before
 * anything reaches the trunk (the sipp trunk sees no INVITE), reported as DialRefused and counted; the call goes on.
 * Allowed numbers still go out: TransferSippTest and OriginateSippTest dial a mobile through the same defaults.
 */
class DialPlanSippTest extends SippGatewayTest {
    private static final String PREMIUM = "16812345";            // a 168 information line
    private static final String INTERNATIONAL = "0044207946000"; // 00: international

    @Test
    void referToAPremiumNumberGets403AndNothingReachesTheTrunk() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-answer.xml", h.trunkPort, null, Map.of());
             Sipp phone = Sipp.start("/b2bua/sipp/agent-refer-refused.xml", phonePort, null,
                     Map.of("referto", PREMIUM))) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 3000)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                DialRefused refused = h.server.await(DialRefused.class);
                assertThat(refused.callId()).isEqualTo(offered.callId());
                assertThat(refused.source()).isEqualTo(DialSource.REFER);
                assertThat(refused.reason()).isEqualTo(DialRefusal.DENIED);
                assertThat(refused.number()).isEqualTo(PREMIUM);
                assertThat(refused.agentId()).isEqualTo("1001");
                assertThat(refused.extension()).isEqualTo(GatewayHarness.AGENT_EXT);
                assertThat(h.server.await(CallCleared.class).cause()).as("the call went on until the caller left")
                        .isEqualTo(ClearCause.CALLER_HANGUP);
                phone.assertPassed(Duration.ofSeconds(10)); // 403, no NOTIFY, then the gateway's BYE
                caller.assertPassed(Duration.ofSeconds(10));
            }
            assertThat(trunk.messages()).as("nothing reached the trunk").doesNotContain("INVITE sip:");
        }
        assertNoTransfer();
        assertThat(h.gateway.registry().scrape())
                .contains("b2bua_dials_refused_total{reason=\"denied\",source=\"refer\"} 1.0");
    }

    @Test
    void transferAndOriginateCommandsToAnInternationalNumberAreRejectedNotAllowed() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-answer.xml", h.trunkPort, null, Map.of());
             Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 3000)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                long seq = h.server.send(new Transfer(offered.callId(), TargetKind.NUMBER, INTERNATIONAL));
                CommandRejected rejected = h.server.await(CommandRejected.class);
                assertThat(rejected.commandSeq()).isEqualTo(seq);
                assertThat(rejected.reason()).isEqualTo(RejectReason.NOT_ALLOWED);
                DialRefused refused = h.server.await(DialRefused.class);
                assertThat(refused.source()).isEqualTo(DialSource.TRANSFER);
                assertThat(refused.reason()).isEqualTo(DialRefusal.DENIED);
                assertThat(refused.callId()).isEqualTo(offered.callId());

                long originate = h.server.send(new Originate("req-x", "1001", GatewayHarness.AGENT_EXT, INTERNATIONAL));
                CommandRejected second = h.server.await(CommandRejected.class, r -> r.commandSeq() == originate);
                assertThat(second.reason()).isEqualTo(RejectReason.NOT_ALLOWED);
                assertThat(h.server.await(DialRefused.class, d -> d.source() == DialSource.ORIGINATE).reason())
                        .isEqualTo(DialRefusal.DENIED);
                assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.CALLER_HANGUP);
                caller.assertPassed(Duration.ofSeconds(10));
                phone.assertPassed(Duration.ofSeconds(10)); // rung once (the queue call), never for the originate
            }
            assertThat(trunk.messages()).as("nothing reached the trunk").doesNotContain("INVITE sip:");
        }
        assertNoTransfer();
    }

    @Test
    void aSeatWhoseRoleMayNotTransferOutCannotReferEvenToAnAllowedNumber() throws Exception {
        h.close();
        h = GatewayHarness.withConfig(c -> c.withDialing(new DialingConfig(Set.of(UserConfig.Role.values()),
                Set.of(UserConfig.Role.SUPERVISOR, UserConfig.Role.ADMIN))));
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-answer.xml", h.trunkPort, null, Map.of());
             Sipp phone = Sipp.start("/b2bua/sipp/agent-refer-refused.xml", phonePort, null,
                     Map.of("referto", "13900001111"))) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 3000)) {
                deliverToAgent(h.awaitOffered());
                h.server.await(CallAnswered.class);
                assertThat(h.server.await(DialRefused.class).reason()).isEqualTo(DialRefusal.ROLE_NOT_ALLOWED);
                h.server.await(CallCleared.class);
                phone.assertPassed(Duration.ofSeconds(10));
                caller.assertPassed(Duration.ofSeconds(10));
            }
            assertThat(trunk.messages()).doesNotContain("INVITE sip:");
        }
        assertNoTransfer();
    }

    private void assertNoTransfer() {
        for (LinkEvent e : h.server.events()) {
            assertThat(e).isNotInstanceOf(CallTransferred.class);
        }
    }
}
