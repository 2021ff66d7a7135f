package dev.cti.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Inactivity with real sockets and the engine's own timer (1 s timeout). The timing logic itself is
 * covered without sleeping by InactivityDetectorTest.
 */
class MediaEngineInactivityTest {

    @Test
    void reportsASilentLegOnceButNotOneOnHoldOrOneThatTalks() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        MediaListener listener = new MediaListener() {
            @Override
            public void onInactive(MediaLeg leg, Duration silentFor) {
                assertThat(silentFor).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                reports.add("leg-" + leg.id());
            }
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MediaEngine engine = MediaEngineFixture.start(registry, listener, 1);
             TestPhone phone = new TestPhone()) {
            MediaLeg silent = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            MediaLeg onHold = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            MediaLeg talking = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            silent.configure(new RemoteMedia(phone.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            onHold.configure(new RemoteMedia(phone.address(), G711.PCMU, 101, MediaDirection.INACTIVE));
            talking.configure(new RemoteMedia(phone.address(), G711.PCMU, 101, MediaDirection.SENDRECV));

            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            int seq = 0;
            while (System.nanoTime() < end) {
                phone.send(talking.localAddress(), 0, false, seq, seq * 160L, 1, new byte[160]);
                seq++;
                phone.receive(100); // paces the loop at ~100 ms without sleeping; nothing is bridged
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> !reports.isEmpty());
            assertThat(reports).containsExactly("leg-" + silent.id());
            assertThat(registry.get("rtp.legs.inactive").counter().count()).isEqualTo(1.0);
        }
    }
}
