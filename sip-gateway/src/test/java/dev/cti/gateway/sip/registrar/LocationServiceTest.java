package dev.cti.gateway.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class LocationServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final LocationService locations = new LocationService(clock);
    private final List<String> events = new CopyOnWriteArrayList<>();

    LocationServiceTest() {
        locations.addListener(new RegistrationListener() {
            @Override
            public void phoneRegistered(String extension, List<Binding> bindings) {
                events.add("up " + extension);
            }

            @Override
            public void phoneUnregistered(String extension, Cause cause) {
                events.add("down " + extension + " " + cause);
            }
        });
    }

    private void bind(String ext, String contact, int seconds) {
        locations.update(ext, current -> {
            Map<String, Binding> next = new HashMap<>(current);
            next.put(contact, new Binding(ext, contact, "cid", 1, clock.instant().plusSeconds(seconds), "udp", null));
            return next;
        });
    }

    @Test
    void notifiesOnlyOnFirstAndLastBinding() {
        bind("1001", "sip:a@1", 60);
        bind("1001", "sip:b@2", 120);
        assertThat(locations.bindings("1001")).extracting(Binding::contact).containsExactly("sip:a@1", "sip:b@2");
        clock.advance(Duration.ofSeconds(60));
        locations.sweep();
        assertThat(locations.bindings("1001")).extracting(Binding::contact).containsExactly("sip:b@2");
        locations.update("1001", current -> Map.of());
        assertThat(events).containsExactly("up 1001", "down 1001 UNREGISTERED");
        assertThat(locations.bindingCount()).isZero();
        assertThat(locations.registeredExtensions()).isZero();
    }

    @Test
    void reRegistrationAfterUnsweptExpiryReportsBothTransitionsInOrder() {
        bind("1002", "sip:a@1", 10);
        clock.advance(Duration.ofSeconds(11));
        bind("1002", "sip:a@1", 10);
        assertThat(events).containsExactly("up 1002", "down 1002 EXPIRED", "up 1002");
        assertThat(locations.bindingCount()).isEqualTo(1);
    }

    @Test
    void theSchedulerSweeps() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            bind("1003", "sip:a@1", 5);
            ScheduledFuture<?> sweeping = locations.startExpiry(scheduler, Duration.ofMillis(20));
            clock.advance(Duration.ofSeconds(6));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("down 1003 EXPIRED"));
            sweeping.cancel(false);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void registeredSourceHostsAreKnownUntilTheirLastBindingGoes() {
        locations.update("1001", c -> Map.of("sip:a", new Binding("1001", "sip:a", "c1", 1,
                clock.instant().plusSeconds(60), "UDP:198.51.100.7:5060", null)));
        locations.update("1002", c -> Map.of("sip:b", new Binding("1002", "sip:b", "c2", 1,
                clock.instant().plusSeconds(120), "TCP:198.51.100.7:40000", null),
                "sip:c", new Binding("1002", "sip:c", "c2", 1, clock.instant().plusSeconds(120),
                        "UDP:[2001:db8::5]:5060", null)));
        assertThat(locations.isRegisteredSource("198.51.100.7")).isTrue();
        assertThat(locations.isRegisteredSource("2001:db8::5")).isTrue();
        assertThat(locations.isRegisteredSource("203.0.113.1")).isFalse();
        locations.update("1002", c -> Map.of());
        assertThat(locations.isRegisteredSource("198.51.100.7")).as("1001 still registers from it").isTrue();
        assertThat(locations.isRegisteredSource("2001:db8::5")).isFalse();
        clock.advance(Duration.ofSeconds(61));
        locations.sweep();
        assertThat(locations.isRegisteredSource("198.51.100.7")).isFalse();
    }
}
