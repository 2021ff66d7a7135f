package dev.cti.bench.media;

import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.SutProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our relay: {@link MediaSutMain} (the gateway's MediaEngine) in its own pinned JVM, driven over its stdin; with a
 * recording directory (T3) every call is recorded too.
 */
final class GatewayRelay implements Relay {

    private final SutProcess sut;
    private Map<String, Long> lastStats = Map.of();

    /** The media engine's I/O as the SUT reported it (epoll or nio). */
    private String transport;

    GatewayRelay(BenchOptions o, Path work, int calls) throws Exception {
        this(o, work, calls, null);
    }

    /** @param recordDir where the SUT records every call (files, key file), or null not to record */
    GatewayRelay(BenchOptions o, Path work, int calls, Path recordDir) throws Exception {
        int span = calls * 4 + 200;
        int portMin = RelayPorts.min(span);
        List<String> args = new ArrayList<>(List.of("--port-min", String.valueOf(portMin),
                "--port-max", String.valueOf(portMin + span), "--transport", o.option("transport", "auto", "auto")));
        if (recordDir != null) {
            args.addAll(List.of("--record", recordDir.toAbsolutePath().toString(), "--record-warm-up-chunks",
                    String.valueOf(o.intOption("record-warm-up-chunks", 20_000, 200))));
        }
        sut = SutProcess.start("media-relay", MediaSutMain.class.getName(), args, o.sutCpus(), work, true,
                o.profile(), List.of("-Xms256m", "-Xmx1g", SutProcess.shippedLogConfig(dev.cti.gateway.GatewayMain.class)));
        String[] ready = expect("ready").split(" ");
        transport = ready.length > 1 ? ready[1] : null;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public int[] call(int portA, int portB) throws Exception {
        return calls(new int[][] {{portA, portB}})[0];
    }

    @Override
    public int[][] calls(int[][] phonePorts) throws Exception {
        for (int[] p : phonePorts) {
            sut.send("call " + p[0] + " " + p[1]);
        }
        int[][] out = new int[phonePorts.length][];
        for (int i = 0; i < phonePorts.length; i++) {
            String[] f = expect("ok").split(" ");
            out[i] = new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])};
        }
        return out;
    }

    @Override
    public long pid() {
        return sut.pid();
    }

    @Override
    public double cpuSeconds() {
        return sut.cpuSeconds();
    }

    @Override
    public long relayedPackets() throws Exception {
        return stats().get("relayed");
    }

    /** Asks the SUT for its figures ({@code relayed}, {@code lost}, ..., with recording {@code recBytes}, ...). */
    Map<String, Long> stats() throws Exception {
        sut.send("stats");
        Map<String, Long> m = new LinkedHashMap<>();
        String[] f = expect("stats").split(" ");
        for (int i = 1; i < f.length; i++) {
            int eq = f[i].indexOf('=');
            m.put(f[i].substring(0, eq), Long.parseLong(f[i].substring(eq + 1)));
        }
        lastStats = m;
        return m;
    }

    /** The figures of the last {@link #stats} (also read by {@link #relayedPackets}). */
    Map<String, Long> lastStats() {
        return lastStats;
    }

    /**
     * Stops every recording and waits until each is finished on disk; returns the SUT's {@code rec ...} lines and
     * its final {@code stopped ...} line (see {@link SutRecorder#stopAll}).
     */
    List<String> stopRecordings() throws Exception {
        sut.send("stop-recordings");
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = sut.readLine();
            if (line == null || line.startsWith("error")) {
                throw new IllegalStateException("media SUT said " + line + " to stop-recordings; log:\n" + sut.logTail());
            }
            lines.add(line);
            if (line.startsWith("stopped")) {
                return lines;
            }
        }
    }

    @Override
    public void checkAlive() {
        sut.checkAlive();
    }

    @Override
    public Path jfr() {
        return sut.jfr();
    }

    private String expect(String prefix) throws Exception {
        String line = sut.readLine();
        if (line == null || !line.startsWith(prefix)) {
            throw new IllegalStateException("media SUT said " + line + " (wanted " + prefix + "); log:\n" + sut.logTail());
        }
        return line;
    }

    @Override
    public void close() {
        sut.close();
    }
}
