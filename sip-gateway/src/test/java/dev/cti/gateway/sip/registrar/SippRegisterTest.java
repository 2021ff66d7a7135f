package dev.cti.gateway.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.RejectReason;
import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.gateway.sip.SipMetrics;
import dev.cti.gateway.sip.testing.TestEndpoint;
import dev.cti.testpeers.Sipp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A peer nobody here wrote (sipp) registers against the running registrar with MD5 digest. sipp 3.6 reads only the
 * first WWW-Authenticate and stops at SHA-256, so the endpoint lists it as an MD5-only User-Agent: the same
 * setting a deployment uses for phones with that bug.
 */
class SippRegisterTest {
    private static final SipEndpoint.Options OPTIONS =
            SipEndpoint.Options.defaults().withMd5OnlyUserAgents(List.of("sipp"));

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void sippRegistersWithTheRightPassword(String transport) throws Exception {
        Sipp.require();
        try (TestEndpoint te = new TestEndpoint(1000, 10, Clock.systemUTC(), OPTIONS)) {
            Sipp.Result result = Sipp.scenario("/sip/sipp/register-digest.xml").remote("127.0.0.1:" + te.port)
                    .transport(transport).args("-s", "1001", "-au", "1001", "-ap", TestEndpoint.AGENTS.get("1001"),
                            "-key", "domain", TestEndpoint.DOMAIN).timeout(Duration.ofSeconds(15)).run();
            assertThat(result.succeeded()).as(result.output()).isTrue();
            assertThat(te.endpoint.locations().bindings("1001")).hasSize(1)
                    .first().satisfies(b -> assertThat(b.userAgent()).isEqualTo("sipp-register-test"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void sippWithAWrongPasswordIsRefused(String transport) throws Exception {
        Sipp.require();
        try (TestEndpoint te = new TestEndpoint(1000, 10, Clock.systemUTC(), OPTIONS)) {
            Sipp.Result result = Sipp.scenario("/sip/sipp/register-wrong-password.xml").remote("127.0.0.1:" + te.port)
                    .transport(transport).args("-s", "1001", "-au", "1001", "-ap", "not-the-password",
                            "-key", "domain", TestEndpoint.DOMAIN).timeout(Duration.ofSeconds(15)).run();
            assertThat(result.succeeded()).as("scenario expects 403\n" + result.output()).isTrue();
            assertThat(te.endpoint.locations().bindings("1001")).isEmpty();
            assertThat(te.endpoint.metrics().rejectedCount(RejectReason.AUTH_FAILED, SipMetrics.Action.ANSWERED))
                    .isEqualTo(1.0);
        }
    }
}
