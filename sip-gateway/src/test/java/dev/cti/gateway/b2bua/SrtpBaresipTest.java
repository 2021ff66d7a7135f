package dev.cti.gateway.b2bua;

import static dev.cti.gateway.b2bua.MonitorBaresipTest.T;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.assertHears;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.next;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.NetworkConfig;
import dev.cti.gateway.media.record.RecordingAudio;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.RecordingStopped;
import dev.cti.protocol.audio.G711;
import dev.cti.recording.RecordingKeys;
import dev.cti.testpeers.Baresip;
import dev.cti.testpeers.FreePorts;
import dev.cti.testpeers.Tshark;
import dev.cti.testpeers.Wav;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's "TLS and SRTP" by signal and on the wire: agent 1001 is a real baresip registered over SIP over TLS
 * (trusting the site CA the gateway generated, {@code mediaenc=srtp-mand}: SDES SRTP or no call), the customer a
 * plain baresip calling through the trunk over UDP with plain RTP. The gateway bridges SRTP ⇄ RTP: each hears the
 * other's tone (Goertzel), and the recording still has both. tshark on loopback, capturing the two phones' RTP port
 * ranges and the TLS port, proves the agent's media is not plain RTP (its payloads decoded as µ-law carry neither
 * tone, while the customer's plain payloads, decoded the same way, carry theirs: the check would fail on plain media)
 * and that no SIP crosses port 5061's stand-in in clear (every TCP payload there is TLS records, no SIP text, no
 * a=crypto key).
 */
class SrtpBaresipTest {
    static final int CUSTOMER = 440;
    static final int AGENT = 880;
    static final String AGENT_RTP = "40000-40998";
    static final String CUSTOMER_RTP = "42000-42998";

    @TempDir
    Path dir;
    private GatewayHarness h;
    private Baresip customer;
    private Baresip agent;
    private Tshark wire;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {wire, customer, agent, h}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aTlsPhoneTalksSrtpWithAPlainCustomerAndTheWireShowsNoPlainRtpOrSip() throws Exception {
        Baresip.require();
        int tlsPort = FreePorts.tcp();
        h = GatewayHarness.withConfig(c -> c.withNetwork(new NetworkConfig(c.network().server(),
                c.network().sip().withTls(NetworkConfig.Tls.on(tlsPort)), c.network().rtp(), c.network().ctiLink(),
                c.network().gatewayAdmin())));
        assertThat(h.gateway.sipPort("tls")).contains(tlsPort);
        Path ca = h.dataDir.resolve("pki/ca/cert.pem"); // the site CA that issued the gateway's SIP certificate
        wire = Tshark.capture(dir.resolve("wire.pcap"), "udp portrange " + AGENT_RTP + " or udp portrange "
                + CUSTOMER_RTP + " or tcp port " + tlsPort, 90);

        agent = Baresip.start(dir.resolve("agent"), "<sip:1001@" + h.config.network().sip().domain()
                        + ">;auth_pass=demo-sip-1001;outbound=\"sip:127.0.0.1:" + tlsPort + ";transport=tls\""
                        + ";regint=600;answermode=auto;audio_codecs=PCMU;mediaenc=srtp-mand",
                Wav.tone(dir.resolve("agent.wav"), AGENT, 120),
                List.of("sip_cafile " + ca, "module srtp.so", "rtp_ports " + AGENT_RTP));
        PhoneRegistered registered = h.server.await(PhoneRegistered.class, p -> p.extension().equals("1001"));
        assertThat(registered.contact()).as("registered over TLS").containsIgnoringCase("transport=tls");
        customer = Baresip.start(dir.resolve("customer"), "<sip:13800000005@127.0.0.1>;regint=0;audio_codecs=PCMU",
                Wav.tone(dir.resolve("customer.wav"), CUSTOMER, 120), List.of("rtp_ports " + CUSTOMER_RTP));

        customer.command("dial", "sip:" + GatewayHarness.SERVICE_NUMBER + "@127.0.0.1:" + h.sipPort);
        CallOffered offered = h.server.await(CallOffered.class);
        h.server.send(new DeliverToAgent(offered.callId(), "1001", "1001", 10));
        h.server.await(CallAnswered.class, a -> a.callId().equals(offered.callId()));
        agent.awaitNth("CALL_ESTABLISHED", 1, T);
        customer.awaitNth("CALL_ESTABLISHED", 1, T);
        assertThat(agent.log()).as("baresip negotiated SDES SRTP").contains("SRTP is Enabled");

        // by signal: SRTP agent <-> plain customer, both ways
        assertHears(customer, "customer (plain RTP) hears the SRTP agent", List.of(AGENT), List.of(CUSTOMER), 500);
        assertHears(agent, "agent (SRTP) hears the plain customer", List.of(CUSTOMER), List.of(AGENT), 0);
        next(customer, 0, 1.0);

        customer.command("hangup", "");
        h.server.await(CallCleared.class, c -> c.callId().equals(offered.callId()));
        RecordingStopped stopped = h.server.await(RecordingStopped.class, r -> r.callId().equals(offered.callId()));
        wire.close();

        // the recording taps decrypted audio: the customer on the left, the agent on the right
        RecordingAudio audio = RecordingAudio.read(h.gateway.recordings().directory().resolve(stopped.file()),
                RecordingKeys.open(h.gateway.recordings().keyFile()));
        long end = stopped.durationMillis();
        short[] left = RecordingAudio.window(audio.customer(), 500, end - 300);
        short[] right = RecordingAudio.window(audio.agentSide(), 500, end - 300);
        assertThat(RecordingAudio.share(left, CUSTOMER)).as("recording, customer side: " + RecordingAudio.profile(left,
                CUSTOMER, AGENT)).isGreaterThan(0.5);
        assertThat(RecordingAudio.share(right, AGENT)).as("recording, agent side: " + RecordingAudio.profile(right,
                CUSTOMER, AGENT)).isGreaterThan(0.5);

        // on the wire: the agent's RTP is SRTP, the customer's plain (the control that proves the check can fail)
        // (one direction at a time: each carries one tone, which a Goertzel finds only in a coherent stream)
        List<byte[]> customerSent = wire.hexField("udp.srcport >= 42000 && udp.srcport <= 42998", "udp.payload");
        List<byte[]> agentSent = wire.hexField("udp.srcport >= 40000 && udp.srcport <= 40998", "udp.payload");
        List<byte[]> agentReceived = wire.hexField("udp.dstport >= 40000 && udp.dstport <= 40998", "udp.payload");
        assertThat(customerSent.size()).as("customer packets captured: " + wire.log()).isGreaterThan(150);
        assertThat(agentSent.size()).as("agent packets captured").isGreaterThan(150);
        assertThat(agentReceived.size()).as("packets to the agent captured").isGreaterThan(150);
        short[] control = decodeAsPcmu(customerSent, 0);
        assertThat(RecordingAudio.share(control, CUSTOMER)).as("control: the customer's plain RTP carries its tone on "
                + "the wire, so this check finds plain audio: " + RecordingAudio.profile(control, CUSTOMER, AGENT))
                .isGreaterThan(0.5);
        short[] fromAgent = decodeAsPcmu(agentSent, 10);
        short[] toAgent = decodeAsPcmu(agentReceived, 10);
        assertThat(RecordingAudio.share(fromAgent, AGENT)).as("no agent tone in the agent's RTP on the wire: "
                + RecordingAudio.profile(fromAgent, CUSTOMER, AGENT)).isLessThan(0.03);
        assertThat(RecordingAudio.share(toAgent, CUSTOMER)).as("no customer tone in the RTP to the agent on the wire: "
                + RecordingAudio.profile(toAgent, CUSTOMER, AGENT)).isLessThan(0.03);

        // SIP on the TLS port: TLS records only, no SIP and no key in clear
        List<byte[]> tls = wire.hexField("tcp.port == " + tlsPort + " && tcp.len > 0", "tcp.payload");
        assertThat(tls).as("SIP over TLS captured").isNotEmpty();
        StringBuilder all = new StringBuilder();
        for (byte[] segment : tls) {
            all.append(new String(segment, StandardCharsets.ISO_8859_1));
        }
        assertThat(all.toString()).doesNotContain("SIP/2.0").doesNotContain("REGISTER").doesNotContain("INVITE")
                .doesNotContain("a=crypto").doesNotContain("inline:").doesNotContain("1001@");
        assertThat(tls.get(0)[0]).as("the first bytes on 5061 are a TLS handshake record").isEqualTo((byte) 0x16);

        assertThat(h.gateway.registry().scrape()).contains("rtp_packets_dropped_total{reason=\"srtp_auth\"}");
        h.awaitNoCalls();
    }

    /** Every packet's payload after a 12-byte header (minus a trailing tag) decoded as µ-law, back to back. */
    static short[] decodeAsPcmu(List<byte[]> packets, int tagLength) {
        short[] out = new short[packets.size() * 160];
        int n = 0;
        for (byte[] p : packets) {
            if (p.length < 12 + tagLength || (p[0] & 0xC0) != 0x80 || (p[1] & 0x7F) != 0) {
                continue; // not PCMU (telephone-event, RTCP)
            }
            for (int i = 12; i < p.length - tagLength && n < out.length; i++) {
                out[n++] = G711.PCMU.decode(p[i]);
            }
        }
        return Arrays.copyOf(out, n);
    }
}
