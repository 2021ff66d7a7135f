package dev.cti.gateway.b2bua;

import static dev.cti.gateway.b2bua.MonitorBaresipTest.T;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.assertHears;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.seat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.TrunkConfig;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.pki.Credential;
import dev.cti.pki.LeafSpec;
import dev.cti.pki.Pem;
import dev.cti.pki.PrivateCa;
import dev.cti.testpeers.Baresip;
import dev.cti.testpeers.FreePorts;
import dev.cti.testpeers.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trunk over TLS ({@code transport: tls} with its {@code caFile}): the gateway connects to it as a TLS client,
 * trusting only the trunk's CA, and offers SRTP. The trunk is a real baresip listening for TLS with a certificate of
 * its own CA ({@code sip_certificate}), the customer behind it; agent 1001 a plain UDP baresip. Click-to-dial connects
 * them and each hears the other's tone. A gateway given another CA for the same trunk refuses its certificate
 * ({@code sip_tls_certificates_refused_total}): the customer's phone never rings and the originate fails (at the
 * INVITE's transaction timeout: jain-sip does not fail a transaction on a refused handshake).
 */
class TlsTrunkBaresipTest {
    static final String NUMBER = "13900003333";
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

    /** The trunk's CA file, and the trunk's certificate and key in one PEM (what baresip's sip_certificate reads). */
    private Path trunkCa(String name, Path trunkPem) throws Exception {
        SecureRandom random = new SecureRandom();
        PrivateCa ca = PrivateCa.create("test trunk CA " + name, Instant.now(), random);
        if (trunkPem != null) {
            Credential trunk = ca.issue(LeafSpec.sipServer(List.of("127.0.0.1")), Instant.now());
            Files.writeString(trunkPem, trunk.chainPem() + trunk.keyPem());
        }
        Path caFile = dir.resolve(name + "-ca.pem");
        Files.writeString(caFile, Pem.certificates(List.of(ca.certificate())));
        return caFile;
    }

    private Baresip trunkPhone(Path trunkPem, int sipPort) throws Exception {
        return Baresip.start(dir.resolve("customer"), "<sip:" + NUMBER + "@127.0.0.1>;regint=0;answermode=auto"
                        + ";audio_codecs=PCMU;mediaenc=srtp-mand", Wav.tone(dir.resolve("customer.wav"), CUSTOMER, 120),
                List.of("sip_listen 127.0.0.1:" + sipPort, "sip_certificate " + trunkPem, "module srtp.so"));
    }

    private GatewayHarness gatewayWithTlsTrunk(int trunkTlsPort, Path caFile) throws Exception {
        int tlsPort = FreePorts.tcp();
        return GatewayHarness.withConfig(c -> tlsTrunk(c, tlsPort, trunkTlsPort, caFile));
    }

    static CtiConfig tlsTrunk(CtiConfig c, int tlsPort, int trunkTlsPort, Path caFile) {
        NetworkConfig n = c.network();
        TrunkConfig old = c.trunks().get(0);
        return c.withNetwork(new NetworkConfig(n.server(), n.sip().withTls(NetworkConfig.Tls.on(tlsPort)), n.rtp(),
                        n.ctiLink(), n.gatewayAdmin()))
                .withTrunks(List.of(new TrunkConfig(old.id(), "127.0.0.1", trunkTlsPort, TrunkConfig.Transport.TLS,
                        List.of(), Optional.empty(), "", old.dialPlan(), Optional.of(caFile))));
    }

    @Test
    void clickToDialThroughATlsTrunkCarriesSrtpBothWays() throws Exception {
        Baresip.require();
        Path trunkPem = dir.resolve("trunk.pem");
        Path ca = trunkCa("good", trunkPem);
        int trunkSip = FreePorts.udpAndTcp();
        customer = trunkPhone(trunkPem, trunkSip);
        h = gatewayWithTlsTrunk(trunkSip + 1, ca); // baresip listens for TLS on its SIP port + 1
        agent = seat(h, dir, "agent", "1001", "auto", AGENT);

        h.server.send(new Originate("tls-1", "1001", "1001", NUMBER));
        OriginateProgress connected = h.server.await(OriginateProgress.class,
                p -> p.requestId().equals("tls-1") && (p.state() == OriginateState.CONNECTED
                        || p.state() == OriginateState.FAILED));
        assertThat(connected.state()).as("originate through the TLS trunk\n" + customer.describe())
                .isEqualTo(OriginateState.CONNECTED);
        customer.awaitNth("CALL_ESTABLISHED", 1, T);
        agent.awaitNth("CALL_ESTABLISHED", 1, T);
        assertThat(customer.log()).as("the trunk negotiated SDES SRTP").contains("SRTP is Enabled");
        assertHears(customer, "customer behind the TLS trunk hears the agent", List.of(AGENT), List.of(CUSTOMER), 500);
        assertHears(agent, "agent hears the customer", List.of(CUSTOMER), List.of(AGENT), 0);
        agent.command("hangup", "");
        h.server.await(CallCleared.class, c -> c.callId().equals(connected.callId()));
        h.awaitNoCalls();
    }

    @Test
    void aTrunkCertificateOfAnotherCaIsRefused() throws Exception {
        Baresip.require();
        Path trunkPem = dir.resolve("trunk.pem");
        trunkCa("trunk", trunkPem);
        Path other = trunkCa("other", null);
        int trunkSip = FreePorts.udpAndTcp();
        customer = trunkPhone(trunkPem, trunkSip);
        h = gatewayWithTlsTrunk(trunkSip + 1, other);
        agent = seat(h, dir, "agent", "1001", "auto", AGENT);

        h.server.send(new Originate("tls-2", "1001", "1001", NUMBER));
        org.awaitility.Awaitility.await("the trunk's certificate is refused").atMost(java.time.Duration.ofSeconds(15))
                .until(() -> h.gateway.registry().scrape().contains("sip_tls_certificates_refused_total 1.0"));
        h.server.timeout(java.time.Duration.ofSeconds(45)); // the INVITE fails at its transaction timeout (32 s)
        OriginateProgress end = h.server.await(OriginateProgress.class,
                p -> p.requestId().equals("tls-2") && (p.state() == OriginateState.CONNECTED
                        || p.state() == OriginateState.FAILED));
        assertThat(end.state()).isEqualTo(OriginateState.FAILED);
        assertThat(customer.count("CALL_INCOMING")).as("the trunk never got the INVITE").isZero();
        h.awaitNoCalls();
    }
}
