package dev.cti.gateway.media;

import dev.cti.config.NetworkConfig;
import java.util.concurrent.ThreadLocalRandom;

/** Starts a {@link MediaEngine} on 127.0.0.1 with a random 200-port range (busy ports are skipped). */
final class MediaEngineFixture {

    private MediaEngineFixture() {}

    static NetworkConfig.Rtp rtpConfig(int inactivitySeconds) {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(0, 19000);
        return new NetworkConfig.Rtp("127.0.0.1", base, base + 199, inactivitySeconds);
    }

    static MediaEngine start(io.micrometer.core.instrument.MeterRegistry registry, MediaListener listener, int inactivitySeconds) {
        return start(registry, listener, inactivitySeconds, System::nanoTime);
    }

    /** With the engine's monotonic clock given (tests move it forward instead of sleeping). */
    static MediaEngine start(io.micrometer.core.instrument.MeterRegistry registry, MediaListener listener,
                             int inactivitySeconds, java.util.function.LongSupplier nanoTime) {
        MediaEngine engine = new MediaEngine(rtpConfig(inactivitySeconds), registry, listener,
                new MediaEngine.Options(2, nanoTime, new java.util.Random(42)));
        engine.start();
        return engine;
    }
}
