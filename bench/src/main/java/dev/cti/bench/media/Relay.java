package dev.cti.bench.media;

/**
 * A media relay under test in T2: ours ({@link GatewayRelay}) or the peer ({@link RtpenginePeer}). It is asked to
 * relay between two phones and tells where each phone must send.
 */
interface Relay extends AutoCloseable {

    /** Sets up one call between phones at 127.0.0.1:portA and :portB; returns {legPortA, legPortB}. */
    int[] call(int portA, int portB) throws Exception;

    /** Pipelined set-up of many calls (default: one after another). */
    default int[][] calls(int[][] phonePorts) throws Exception {
        int[][] out = new int[phonePorts.length][];
        for (int i = 0; i < phonePorts.length; i++) {
            out[i] = call(phonePorts[i][0], phonePorts[i][1]);
        }
        return out;
    }

    /** CPU seconds the relay has used so far (/proc). */
    double cpuSeconds();

    /** The relay's process (its threads' CPU is reported by name), or -1. */
    default long pid() {
        return -1;
    }

    /** Packets the relay says it relayed so far, or -1 when it does not say. */
    long relayedPackets() throws Exception;

    /** Fails when the relay process died. */
    void checkAlive();

    /** The relay's socket I/O when it says (ours: {@code epoll} or {@code nio}, {@code --transport}), else null. */
    default String transport() {
        return null;
    }

    /** The JFR recording (ours, when profiling), else null; valid after close. */
    default java.nio.file.Path jfr() {
        return null;
    }

    @Override
    void close();
}
