package dev.cti.gateway.b2bua;

import static dev.cti.gateway.b2bua.MonitorBaresipTest.T;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.assertHears;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.seat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.testpeers.Baresip;
import dev.cti.testpeers.Wav;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's WebRTC-style media leg with a real peer: the customer is a baresip with its {@code dtls_srtp} and
 * {@code ice} modules ({@code mediaenc=dtls_srtp}: baresip 1.0 offers UDP/TLS/RTP/SAVP with a=fingerprint and
 * a=setup:actpass, and runs full ICE against our ICE-lite answer), calling through the trunk; the agent a plain
 * baresip. The gateway answers STUN, completes the DTLS handshake as the passive end, keys the leg's SRTP and
 * bridges it to plain RTP: each party hears the other's tone and not its own (Goertzel).
 */
class DtlsSrtpBaresipTest {
    static final int CUSTOMER = 440;
    static final int AGENT = 880;

    @TempDir
    Path dir;
    private GatewayHarness h;
    private Baresip customer;
    private Baresip agent;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {customer, agent, h}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aDtlsSrtpCustomerAndAPlainAgentHearEachOther() throws Exception {
        Baresip.require();
        h = new GatewayHarness(60);
        agent = seat(h, dir, "agent", "1001", "auto", AGENT);
        customer = Baresip.start(dir.resolve("customer"), "<sip:13800000019@127.0.0.1>;regint=0;audio_codecs=PCMU"
                        + ";mediaenc=dtls_srtp;medianat=ice",
                Wav.tone(dir.resolve("customer.wav"), CUSTOMER, 120),
                List.of("module dtls_srtp.so", "module ice.so", "rtcp_mux yes"));

        customer.command("dial", "sip:" + GatewayHarness.SERVICE_NUMBER + "@127.0.0.1:" + h.sipPort);
        CallOffered offered = h.server.await(CallOffered.class);
        h.server.send(new DeliverToAgent(offered.callId(), "1001", "1001", 10));
        h.server.await(CallAnswered.class, a -> a.callId().equals(offered.callId()));
        agent.awaitNth("CALL_ESTABLISHED", 1, T);
        customer.awaitNth("CALL_ESTABLISHED", 1, T);

        try {
            assertHears(customer, "customer (DTLS-SRTP) hears the plain agent", List.of(AGENT), List.of(CUSTOMER), 1000);
            assertHears(agent, "agent (plain RTP) hears the DTLS-SRTP customer", List.of(CUSTOMER), List.of(AGENT), 0);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ngateway drops: " + h.gateway.registry().scrape().lines()
                    .filter(l -> l.startsWith("rtp_packets")).toList() + "\nagent: " + agent.describe(), e);
        }
        assertThat(customer.log()).as("baresip ran ICE against our ICE-lite answer")
                .contains("connectivity check is complete")
                .as("baresip checked our certificate against our a=fingerprint").contains("verified sha-256 fingerprint OK")
                .as("and keyed its SRTP from the handshake").contains("DTLS-SRTP complete");
        String metrics = h.gateway.registry().scrape();
        assertThat(metrics).contains("rtp_packets_dropped_total{reason=\"stun_refused\"} 0.0");

        customer.command("hangup", "");
        h.server.await(CallCleared.class, c -> c.callId().equals(offered.callId()));
        h.awaitNoCalls();
    }
}
