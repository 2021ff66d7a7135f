package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.RawSipClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registers an agent extension with MD5 digest on behalf of a sipp phone (its Contact points at the sipp UAS).
 *
 * <p>Why not sipp itself: sipp 3.6 reads only the first WWW-Authenticate of a 401 and refuses any algorithm but
 * MD5, while the registrar (RFC 8760) offers SHA-256 first and MD5 second. A phone that picks a supported challenge
 * (RFC 8760 2.4) registers fine; this helper is such a phone.
 */
final class DigestRegistration {
    private DigestRegistration() {}

    static void register(int gatewayPort, String extension, String password, int contactPort, String domain)
            throws Exception {
        try (RawSipClient client = new RawSipClient("udp", gatewayPort)) {
            String callId = UUID.randomUUID() + "@127.0.0.1";
            client.send(register(client, callId, 1, extension, contactPort, domain, gatewayPort, null));
            RawSipClient.Received challenge = client.awaitFinal(callId, Duration.ofSeconds(5));
            assertThat(challenge).as("401 to REGISTER").isNotNull();
            assertThat(challenge.status()).isEqualTo(401);
            String md5 = challenge.headers("WWW-Authenticate").stream().filter(h -> h.contains("MD5")).findFirst()
                    .orElseThrow();
            String realm = param(md5, "realm");
            String nonce = param(md5, "nonce");
            String uri = "sip:127.0.0.1:" + gatewayPort;
            String cnonce = "0a4f113b";
            String ha1 = md5(extension + ":" + realm + ":" + password);
            String ha2 = md5("REGISTER:" + uri);
            String response = md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2);
            String auth = "Digest username=\"" + extension + "\",realm=\"" + realm + "\",nonce=\"" + nonce
                    + "\",uri=\"" + uri + "\",response=\"" + response + "\",algorithm=MD5,qop=auth,nc=00000001,"
                    + "cnonce=\"" + cnonce + "\"";
            client.send(register(client, callId, 2, extension, contactPort, domain, gatewayPort, auth));
            RawSipClient.Received ok = client.awaitFinal(callId, Duration.ofSeconds(5));
            assertThat(ok).as("200 to REGISTER").isNotNull();
            assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        }
    }

    private static String register(RawSipClient c, String callId, int cseq, String ext, int contactPort,
                                   String domain, int gwPort, String auth) {
        return "REGISTER sip:127.0.0.1:" + gwPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + c.localPort() + ";branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                + "From: <sip:" + ext + "@" + domain + ">;tag=reg" + ext + "\r\n"
                + "To: <sip:" + ext + "@" + domain + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + ext + "@127.0.0.1:" + contactPort + ">\r\n"
                + (auth == null ? "" : "Authorization: " + auth + "\r\n")
                + "Max-Forwards: 70\r\nExpires: 300\r\nContent-Length: 0\r\n\r\n";
    }

    private static String param(String header, String name) {
        Matcher m = Pattern.compile(name + "=\"?([^\",]*)\"?").matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + name + " in " + header);
        }
        return m.group(1);
    }

    private static String md5(String s) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
