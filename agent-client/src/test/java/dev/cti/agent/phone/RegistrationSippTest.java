package dev.cti.agent.phone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.agent.media.AudioSink;
import dev.cti.agent.media.AudioSource;
import dev.cti.agent.testkit.EventLog;
import dev.cti.agent.testkit.Sipp;
import dev.cti.protocol.digest.DigestClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REGISTER against sipp acting as a digest-challenging registrar. */
class RegistrationSippTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final EventLog events = new EventLog();
    private Softphone phone;

    @AfterEach
    void stop() {
        if (phone != null) phone.close();
        ticker.shutdownNow();
    }

    private void startPhone(int registrarPort, String password, int expires) throws Exception {
        phone = new Softphone(new PhoneSettings("1001", password, "cti.local", "127.0.0.1", registrarPort, "127.0.0.1", expires),
                Clock.systemUTC(), ticker, AudioSource::silence, AudioSink::discard, events);
        phone.start().get();
    }

    @Test
    void md5ChallengeIsAnsweredAndVerifiedBySipp() throws Exception {
        int port = Sipp.freeUdpPort();
        try (Sipp sipp = Sipp.start("register-digest-md5.xml", null, port, dir, "-m", "1",
                "-set", "user", "1001", "-set", "pass", "demo-sip-1001", "-set", "expires", "60")) {
            startPhone(port, "demo-sip-1001", 120);
            assertThat(events.await("registered", Duration.ofSeconds(10)).getInteger("expires")).isEqualTo(60);
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).isZero();
            assertThat(sipp.logs()).contains("algorithm=MD5").contains("username=\"1001\"");
        }
    }

    @Test
    void wrongPasswordIsRefusedAndReported() throws Exception {
        int port = Sipp.freeUdpPort();
        try (Sipp sipp = Sipp.start("register-digest-md5.xml", null, port, dir, "-m", "1",
                "-set", "user", "1001", "-set", "pass", "demo-sip-1001", "-set", "expires", "60")) {
            startPhone(port, "wrong", 120);
            var failed = events.await("registration-failed", Duration.ofSeconds(10));
            assertThat(failed.getInteger("status")).isEqualTo(403);
            assertThat(events.find("registered")).isNull();
            assertThat(phone.registered()).isFalse();
        }
    }

    @Test
    void sha256IsPreferredOverMd5AndItsResponseIsRight() throws Exception {
        int port = Sipp.freeUdpPort();
        try (Sipp sipp = Sipp.start("register-digest-sha256.xml", null, port, dir, "-m", "1", "-set", "expires", "60")) {
            startPhone(port, "demo-sip-1001", 120);
            events.await("registered", Duration.ofSeconds(10));
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).isZero();
            String auth = sipp.logs();
            assertThat(auth).contains("algorithm=SHA-256").contains("opaque=\"op1\"");
            String nonce = param(auth, "nonce"), cnonce = param(auth, "cnonce"), uri = param(auth, "uri");
            String nc = Pattern.compile("nc=([0-9a-f]{8})").matcher(auth).results().findFirst().orElseThrow().group(1);
            var expected = DigestClient.answer(DigestClient.Challenge.of("cti.local", nonce, "SHA-256", "auth", "op1"),
                    "1001", "demo-sip-1001", "REGISTER", uri, Integer.parseInt(nc, 16), cnonce);
            assertThat(param(auth, "response")).isEqualTo(expected.response()).hasSize(64);
        }
    }

    @Test
    void registrationIsRefreshedBeforeItExpires() throws Exception {
        int port = Sipp.freeUdpPort();
        try (Sipp sipp = Sipp.start("register-digest-md5.xml", null, port, dir, "-m", "2", "-deadcall_wait", "0",
                "-set", "user", "1001", "-set", "pass", "demo-sip-1001", "-set", "expires", "2")) {
            startPhone(port, "demo-sip-1001", 120);
            events.await("registered", Duration.ofSeconds(10));
            // the second registration round (refresh at 80% of 2 s) completes sipp's second call
            assertThat(sipp.waitFor(Duration.ofSeconds(15))).isZero();
            assertThat(events.count("registration-failed") + events.count("unregistered")).isZero();
        }
    }

    @Test
    void registrarTroubleIsRetriedWithBackoffUntilRegistered() throws Exception {
        int port = Sipp.freeUdpPort();
        try (Sipp sipp = Sipp.start("register-503-then-digest.xml", null, port, dir, "-m", "1",
                "-set", "user", "1001", "-set", "pass", "demo-sip-1001")) {
            startPhone(port, "demo-sip-1001", 120);
            var failed = events.await("registration-failed", Duration.ofSeconds(10));
            assertThat(failed.getInteger("status")).isEqualTo(503);
            assertThat(failed.getLong("retryInMs")).isEqualTo(1000);
            assertThat(events.await("registered", Duration.ofSeconds(10)).getInteger("expires")).isEqualTo(60);
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).isZero();
            assertThat(phone.registered()).isTrue();
        }
    }

    private static String param(String header, String name) {
        Matcher m = Pattern.compile("[ ,]" + name + "=\"?([^\",]+)\"?").matcher(header);
        assertThat(m.find()).as(name + " in " + header).isTrue();
        return m.group(1);
    }
}
