package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SDES keys never ride on plain SIP: the trunk (its own address, so the INVITE is otherwise welcome) offers RTP/SAVP
 * with an {@code a=crypto} key over UDP, and the gateway answers 488 Not Acceptable Here, counts it
 * ({@code b2bua_calls_refused_total{reason="srtp_without_tls"}}), tells the server nothing, and writes the key into no
 * log line (every event of the shipped log configuration is captured while it happens).
 */
class SrtpOverPlainSipTest {
    static final String KEY = "U2VjcmV0S2V5T25UaGVXaXJlMDEyMzQ1Njc4OWFi"; // 30 bytes

    private GatewayHarness h;
    private AbstractAppender capture;
    private final List<String> logged = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (capture != null) {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            ctx.getConfiguration().getRootLogger().removeAppender(capture.getName());
            ctx.updateLoggers();
            capture.stop();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anSrtpOfferOverUdpIsRefusedWith488AndItsKeyIsNotLogged() throws Exception {
        capture = new AbstractAppender("srtp-key-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " " + event.getThrown()));
            }
        };
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().addAppender(capture, null, null);
        ctx.updateLoggers();

        h = new GatewayHarness(60);
        try (DatagramSocket trunk = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            trunk.setSoTimeout(5000);
            int port = trunk.getLocalPort();
            String sdp = "v=0\r\no=pbx 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 49170 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                    + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "\r\n";
            String invite = "INVITE sip:" + GatewayHarness.SERVICE_NUMBER + "@127.0.0.1:" + h.sipPort + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-srtp-plain;rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:13800000009@127.0.0.1>;tag=plain1\r\n"
                    + "To: <sip:" + GatewayHarness.SERVICE_NUMBER + "@127.0.0.1>\r\n"
                    + "Call-ID: srtp-over-udp-1@127.0.0.1\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:13800000009@127.0.0.1:" + port + ">\r\n"
                    + "User-Agent: pbx-test\r\n"
                    + "Content-Type: application/sdp\r\n"
                    + "Content-Length: " + sdp.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + sdp;
            byte[] bytes = invite.getBytes(StandardCharsets.UTF_8);
            trunk.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), h.sipPort));
            int status = 0;
            String finalResponse = null;
            byte[] buf = new byte[8192];
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (status < 200 && System.nanoTime() < deadline) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    trunk.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String response = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                status = Integer.parseInt(response.substring(8, 11));
                finalResponse = response;
            }
            assertThat(status).as("final response: " + finalResponse).isEqualTo(488);
            assertThat(finalResponse).doesNotContain(KEY).doesNotContain("a=crypto");
            String ack = "ACK sip:" + GatewayHarness.SERVICE_NUMBER + "@127.0.0.1:" + h.sipPort + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-srtp-plain;rport\r\nMax-Forwards: 70\r\n"
                    + finalResponse.lines().filter(l -> l.startsWith("From:") || l.startsWith("To:")
                            || l.startsWith("Call-ID:")).map(l -> l + "\r\n").reduce("", String::concat)
                    + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
            byte[] a = ack.getBytes(StandardCharsets.UTF_8);
            trunk.send(new DatagramPacket(a, a.length, InetAddress.getLoopbackAddress(), h.sipPort));
        }
        assertThat(h.gateway.registry().scrape())
                .contains("b2bua_calls_refused_total{reason=\"srtp_without_tls\"} 1.0");
        assertThat(h.server.received(dev.cti.link.message.CallOffered.class)).as("the server never heard of it").isEmpty();
        assertThat(logged).as("log lines were captured").anyMatch(l -> l.contains("RTP/SAVP (SRTP) offered over plain SIP"));
        assertThat(logged).noneMatch(l -> l.contains(KEY));
        h.awaitNoCalls();
    }
}
