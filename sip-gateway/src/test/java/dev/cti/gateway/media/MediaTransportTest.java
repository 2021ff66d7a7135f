package dev.cti.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.config.NetworkConfig;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.epoll.Epoll;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code network.rtp.transport}: which I/O each setting gives, and the relay working over both. */
class MediaTransportTest {

    @Test
    void autoTakesEpollWhereItLoadsAndTheNamesAreChecked() {
        boolean linuxX64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        if (linuxX64) {
            // netty-all ships the native library for this platform: if it stopped loading, auto would quietly be NIO
            assertThat(Epoll.isAvailable()).as("Netty's epoll on Linux x86_64: %s", Epoll.unavailabilityCause()).isTrue();
        }
        assertThat(MediaTransport.of("auto").name()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
        assertThat(MediaTransport.of("nio").name()).isEqualTo("nio");
        assertThatThrownBy(() -> MediaTransport.of("io_uring")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, epoll or nio");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll"})
    void relaysBothWays(String transport) throws Exception {
        if (transport.equals("epoll") && !Epoll.isAvailable()) {
            assertThatThrownBy(() -> MediaTransport.of("epoll")).hasMessageContaining("does not load here");
            return;
        }
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(0, 19000);
        try (MediaEngine engine = new MediaEngine(new NetworkConfig.Rtp("127.0.0.1", base, base + 19, 30, transport),
                new SimpleMeterRegistry(), new MediaListener() {}, new MediaEngine.Options(1, System::nanoTime,
                new java.util.Random(7)));
             TestPhone a = new TestPhone(); TestPhone b = new TestPhone()) {
            engine.start();
            assertThat(engine.transport()).hasValue(transport);
            MediaLeg legA = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            MediaLeg legB = engine.allocateLeg(legA).get(5, TimeUnit.SECONDS);
            legA.configure(new RemoteMedia(a.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            legB.configure(new RemoteMedia(b.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            engine.bridge(legA, legB);
            byte[] one = new byte[160];
            byte[] two = new byte[160];
            java.util.Arrays.fill(one, (byte) 0x11);
            java.util.Arrays.fill(two, (byte) 0x22);
            a.send(legA.localAddress(), 0, true, 1, 160, 0xA1L, one);
            assertThat(b.receive().payload()).isEqualTo(one);
            b.send(legB.localAddress(), 0, true, 9, 800, 0xB2L, two);
            assertThat(a.receive().payload()).isEqualTo(two);
        }
    }
}
