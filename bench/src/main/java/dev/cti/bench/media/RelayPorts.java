package dev.cti.bench.media;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a relay under test (ours or rtpengine) takes its RTP ports: below Linux's ephemeral range
 * (32768-60999), because the load generator binds its thousands of phone sockets to ephemeral ports, and a relay
 * range inside that range loses pairs to them (a 1,000-call step failed with "could not bind an RTP port pair").
 */
final class RelayPorts {
    private static final int LOW = 10_000;
    private static final int EPHEMERAL_START = 32_768;

    private RelayPorts() {}

    /** An even first port of a range of {@code span} ports that ends below the ephemeral range. */
    static int min(int span) {
        int room = EPHEMERAL_START - LOW - span;
        if (room < 2) {
            throw new IllegalArgumentException("an RTP range of " + span + " ports does not fit below 32768");
        }
        return LOW + 2 * ThreadLocalRandom.current().nextInt(room / 2);
    }
}
