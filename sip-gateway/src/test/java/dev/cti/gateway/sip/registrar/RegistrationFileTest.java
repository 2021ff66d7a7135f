package dev.cti.gateway.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registrations file: written whole and renamed, read back with each binding's own expiry, bad input survived. */
class RegistrationFileTest {
    @TempDir
    Path dir;

    private final Instant now = Instant.parse("2026-03-01T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private Binding binding(String ext, String contact, int secondsLeft) {
        return new Binding(ext, contact, "cid-" + ext, 7, now.plusSeconds(secondsLeft), "UDP:192.0.2.10:5070",
                "baresip 1.0");
    }

    @Test
    void bindingsComeBackWithTheirExpiryAndExpiredOnesStayOut() {
        RegistrationFile file = new RegistrationFile(dir.resolve("registrations-gw-1.json"), clock, meters);
        assertThat(file.read()).isEmpty(); // no file yet: nothing, no error
        assertThat(file.write(List.of(binding("1001", "sip:1001@192.0.2.10:5070", 300),
                binding("1002", "sip:1002@192.0.2.11:5070", 0)))).isTrue();
        assertThat(dir.resolve("registrations-gw-1.json.tmp")).doesNotExist();

        List<Binding> back = file.read();
        assertThat(back).containsExactly(binding("1001", "sip:1001@192.0.2.10:5070", 300));
        assertThat(meters.get("sip.registration.file.errors").tag("op", "read").counter().count()).isZero();
    }

    @Test
    void restoringKeepsAFresherBindingOfThePhoneAndSkipsUnknownExtensions() {
        RegistrationFile file = new RegistrationFile(dir.resolve("r.json"), clock, meters);
        file.write(List.of(binding("1001", "sip:1001@192.0.2.10:5070", 300), binding("1002", "sip:1002@x:5070", 600),
                binding("9999", "sip:9999@x:5070", 600)));
        LocationService locations = new LocationService(clock);
        // 1002 registered again (later expiry) before the restore ran
        locations.update("1002", m -> java.util.Map.of("sip:1002@x:5070", binding("1002", "sip:1002@x:5070", 900)));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            assertThat(file.attach(locations, ext -> !ext.equals("9999"), timer)).isEqualTo(1);
            assertThat(locations.bindings("1001")).containsExactly(binding("1001", "sip:1001@192.0.2.10:5070", 300));
            assertThat(locations.bindings("1002").get(0).expiresAt()).isEqualTo(now.plusSeconds(900));
            assertThat(locations.isRegistered("9999")).isFalse();
            assertThat(locations.isRegisteredSource("192.0.2.10")).as("a restored phone's address is known").isTrue();

            // a change is written (coalesced, on the timer thread)
            locations.update("1001", m -> java.util.Map.of());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> file.read().stream().noneMatch(b -> b.extension().equals("1001")));
            assertThat(file.read()).extracting(Binding::extension).containsExactly("1002");
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void anUnreadableFileIsCountedKeptAsideAndTheGatewayStartsWithout() throws Exception {
        Path path = dir.resolve("registrations-gw-1.json");
        Files.writeString(path, "{\"bindings\": [ {\"extension\": \"1001\", ");
        RegistrationFile file = new RegistrationFile(path, clock, meters);
        assertThat(file.read()).isEmpty();
        assertThat(meters.get("sip.registration.file.errors").tag("op", "read").counter().count()).isEqualTo(1.0);
        assertThat(dir.resolve("registrations-gw-1.json.bad")).hasContent("{\"bindings\": [ {\"extension\": \"1001\", ");
        assertThat(path).doesNotExist();

        // one bad entry is skipped alone
        Files.writeString(path, "{\"bindings\":[{\"extension\":\"1001\"},{\"extension\":\"1002\",\"contact\":"
                + "\"sip:1002@x:5070\",\"callId\":\"c\",\"cseq\":1,\"expiresAt\":" + now.plusSeconds(60).toEpochMilli()
                + "}]}");
        assertThat(file.read()).extracting(Binding::extension).containsExactly("1002");
        assertThat(meters.get("sip.registration.file.errors").tag("op", "read").counter().count()).isEqualTo(2.0);
    }

    @Test
    void aWriteThatCannotHappenIsCountedAndDoesNotThrow() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        RegistrationFile file = new RegistrationFile(blocker.resolve("r.json"), clock, meters);
        assertThat(file.write(List.of(binding("1001", "sip:1001@x:5070", 60)))).isFalse();
        assertThat(meters.get("sip.registration.file.errors").tag("op", "write").counter().count()).isEqualTo(1.0);
    }
}
