package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.DigestClient;
import dev.cti.gateway.sip.testing.RawSipClient;
import dev.cti.link.message.RegistrationLockout;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A registrar lockout reaches the server (issue 13): five wrong passwords for extension 1001 on a whole gateway
 * (shipped configuration: 5 failures in 300 s lock for 900 s) give one RegistrationLockout on the CTI link, and the
 * right password is refused while it lasts. The lockout's timing is tested with a hand-moved clock in
 * RegistrarProtectionTest; the server's audit and wallboard alert in LockoutApiTest and WallboardBrowserTest.
 */
class LockoutLinkTest {
    @Test
    void fiveWrongPasswordsLockTheExtensionAndTellTheServer() throws Exception {
        try (GatewayHarness h = new GatewayHarness(60);
             RawSipClient phone = new RawSipClient("udp", h.sipPort)) {
            String domain = h.config.network().sip().domain();
            DigestClient dc = new DigestClient("udp", phone.localPort(), domain, "1001", "lockout-link");
            String contact = "sip:1001@127.0.0.1:" + phone.localPort();
            phone.send(dc.register(contact, 600, null));
            RawSipClient.Received challenge = phone.awaitFinal("lockout-link", Duration.ofSeconds(5));
            String www = challenge.headers("WWW-Authenticate").get(0);
            long before = System.currentTimeMillis();
            for (int i = 0; i < 5; i++) {
                phone.send(dc.register(contact, 600, dc.authorization(www, "1001", "guess-" + i)));
                assertThat(phone.awaitFinal("lockout-link", Duration.ofSeconds(5)).status()).isEqualTo(403);
            }
            RegistrationLockout lockout = h.server.await(RegistrationLockout.class);
            assertThat(lockout.extension()).isEqualTo("1001");
            assertThat(lockout.failures()).isEqualTo(5);
            assertThat(lockout.source()).isEqualTo("127.0.0.1");
            assertThat(lockout.lockedUntil()).isBetween(before + 900_000, System.currentTimeMillis() + 900_000);

            phone.send(dc.register(contact, 600, dc.authorization(www, "1001", GatewayHarness.AGENT_PASSWORD)));
            assertThat(phone.awaitFinal("lockout-link", Duration.ofSeconds(5)).status())
                    .as("the right password while locked").isEqualTo(403);
            assertThat(h.gateway.registry().scrape()).contains("sip_registrar_lockouts_total 1.0");
        }
    }
}
