package dev.cti.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.guard.CallAdmission;
import dev.cti.gateway.sip.testing.RawSipClient;
import dev.cti.gateway.sip.testing.TestEndpoint;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sip.header.RetryAfterHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends every RFC 4475 / RFC 5118 torture message, unmodified, over UDP and over TCP to a freshly started
 * {@link SipEndpoint}, and checks the exact outcome recorded in {@code sip/torture-expectations.txt}: the final
 * status, or that it was dropped and counted. Each case gets its own endpoint because many torture messages share
 * a branch id, which would make later ones retransmissions of earlier ones. After each message the endpoint must
 * still answer an OPTIONS.
 */
class TortureMessagesTest {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    record Case(String file, String transport, String expected, String why) {
        @Override
        public String toString() {
            return file + " over " + transport + " -> " + expected;
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : expectationLines()) {
            String[] f = line.trim().split("\\s+", 4);
            out.add(Arguments.of(new Case(f[0], "udp", f[1], f[3])));
            out.add(Arguments.of(new Case(f[0], "tcp", f[2], f[3])));
        }
        return out.stream();
    }

    static List<String> expectationLines() throws IOException {
        try (InputStream in = TortureMessagesTest.class.getResourceAsStream("/sip/torture-expectations.txt")) {
            assertThat(in).as("sip/torture-expectations.txt on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    /** The messages, copied byte for byte into this module's test resources ({@code sip/torture/README.md}). */
    static Path tortureDir() {
        URL readme = TortureMessagesTest.class.getResource("/sip/torture/README.md");
        assertThat(readme).as("sip/torture/ on the test classpath").isNotNull();
        try {
            return Path.of(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fixtureCoversEveryTortureFile() throws IOException {
        Path torture = tortureDir();
        List<String> files;
        try (Stream<Path> s = Stream.concat(Files.list(torture.resolve("rfc4475")), Files.list(torture.resolve("rfc5118")))) {
            files = s.map(p -> torture.relativize(p).toString()).sorted().toList();
        }
        List<String> listed = expectationLines().stream().map(l -> l.trim().split("\\s+")[0]).sorted().toList();
        assertThat(listed).containsExactlyElementsOf(files);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tortureMessage(Case c) throws Exception {
        byte[] message = Files.readAllBytes(tortureDir().resolve(c.file()));
        try (TestEndpoint te = new TestEndpoint(100_000, 10, Clock.systemUTC())) {
            installBusyCallHandler(te);
            double rejectedBefore = totalRejected(te);
            try (RawSipClient client = new RawSipClient(c.transport(), te.port)) {
                client.send(message);
                switch (c.expected()) {
                    case "dropped" -> {
                        assertStillServing(te, c.transport());
                        assertThat(finals(client, Duration.ofMillis(300))).as(c.why()).isEmpty();
                        assertThat(totalRejected(te)).as("drop is counted: " + c.why()).isGreaterThan(rejectedBefore);
                    }
                    case "waiting" -> {
                        assertStillServing(te, c.transport());
                        assertThat(finals(client, Duration.ofMillis(300))).as(c.why()).isEmpty();
                        assertThat(client.closedByPeer()).as("connection kept open: " + c.why()).isFalse();
                    }
                    case "closed" -> {
                        assertStillServing(te, c.transport());
                        assertThat(finals(client, Duration.ofMillis(300))).as(c.why()).isEmpty();
                        assertThat(client.closedByPeer()).as("connection closed: " + c.why()).isTrue();
                    }
                    default -> {
                        int expected = Integer.parseInt(c.expected());
                        RawSipClient.Received answer = firstFinal(client, ANSWER_TIMEOUT);
                        assertThat(answer).as("a final response to " + c.file() + " (" + c.why() + ")").isNotNull();
                        assertThat(answer.status()).as(c.why() + "\n" + answer.text()).isEqualTo(expected);
                        assertStillServing(te, c.transport());
                    }
                }
            }
        }
    }

    @Test
    void oneEndpointSurvivesTheWholeSuiteAndStillRegistersPhones() throws Exception {
        Path torture = tortureDir();
        try (TestEndpoint te = new TestEndpoint(100_000, 10, Clock.systemUTC())) {
            installBusyCallHandler(te);
            for (String transport : List.of("udp", "tcp")) {
                for (String line : expectationLines()) {
                    byte[] message = Files.readAllBytes(torture.resolve(line.trim().split("\\s+")[0]));
                    try (RawSipClient client = new RawSipClient(transport, te.port)) {
                        client.send(message);
                    }
                }
            }
            for (String transport : List.of("udp", "tcp")) {
                try (RawSipClient phone = new RawSipClient(transport, te.port)) {
                    String callId = "after-torture-" + transport;
                    var dc = new dev.cti.gateway.sip.testing.DigestClient(transport, phone.localPort(),
                            TestEndpoint.DOMAIN, "1001", callId);
                    String contact = "sip:1001@127.0.0.1:" + phone.localPort();
                    phone.send(dc.register(contact, 600, null));
                    RawSipClient.Received challenge = phone.awaitFinal(callId, ANSWER_TIMEOUT);
                    assertThat(challenge.status()).isEqualTo(401);
                    phone.send(dc.register(contact, 600, dc.authorization(challenge.headers("WWW-Authenticate").get(0),
                            "1001", TestEndpoint.AGENTS.get("1001"))));
                    assertThat(phone.awaitFinal(callId, ANSWER_TIMEOUT).status()).isEqualTo(200);
                }
            }
            assertThat(te.endpoint.locations().bindings("1001")).hasSize(2);
        }
    }

    /** Stands in for the B2BUA: admits the call, then answers 486, so "486" proves the INVITE got through. */
    static void installBusyCallHandler(TestEndpoint te) {
        CallAdmission admission = te.endpoint.callAdmission();
        te.endpoint.dispatcher().onRequest("INVITE", r -> {
            try (CallAdmission.Permit permit = admission.tryAdmit()) {
                if (permit == null) {
                    te.endpoint.messenger().respond(r, 503, resp -> resp.addHeader(retryAfter(te, admission)));
                } else {
                    te.endpoint.messenger().respond(r, 486);
                }
            }
        });
    }

    private static RetryAfterHeader retryAfter(TestEndpoint te, CallAdmission admission) {
        try {
            return te.endpoint.messenger().headerFactory().createRetryAfterHeader(admission.retryAfterSeconds());
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertStillServing(TestEndpoint te, String transport) throws Exception {
        try (RawSipClient probe = new RawSipClient(transport, te.port)) {
            String callId = "probe-" + System.nanoTime();
            probe.send(SipTestMessages.options(transport, probe.localPort(), callId));
            RawSipClient.Received answer = probe.awaitFinal(callId, ANSWER_TIMEOUT);
            assertThat(answer).as("OPTIONS probe answered after the torture message").isNotNull();
            assertThat(answer.status()).isEqualTo(200);
        }
    }

    private static RawSipClient.Received firstFinal(RawSipClient client, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            RawSipClient.Received r = client.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (r != null && r.status() >= 200) {
                return r;
            }
        }
        return null;
    }

    private static List<RawSipClient.Received> finals(RawSipClient client, Duration wait) throws InterruptedException {
        Thread.sleep(wait.toMillis()); // grace after the probe proved the pipeline has moved on
        return client.drain().stream().filter(r -> r.status() >= 200).toList();
    }

    static double totalRejected(TestEndpoint te) {
        return te.registry.find(dev.cti.gateway.GatewayMeters.SIP_MESSAGES_REJECTED.getName()).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
