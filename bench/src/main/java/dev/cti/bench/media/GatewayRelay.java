package dev.cti.bench.media;

import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.SutProcess;

import java.nio.file.Path;
import java.util.List;

/** Our relay: {@link MediaSutMain} (the gateway's MediaEngine) in its own pinned JVM, driven over its stdin. */
final class GatewayRelay implements Relay {

    private final SutProcess sut;

    GatewayRelay(BenchOptions o, Path work, int calls) throws Exception {
        int span = calls * 4 + 200;
        int portMin = RelayPorts.min(span);
        sut = SutProcess.start("media-relay", MediaSutMain.class.getName(),
                List.of("--port-min", String.valueOf(portMin), "--port-max", String.valueOf(portMin + span)),
                o.sutCpus(), work, true, o.profile(), List.of("-Xms256m", "-Xmx1g", SutProcess.shippedLogConfig(dev.cti.gateway.GatewayMain.class)));
        expect("ready");
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
        sut.send("stats");
        String[] f = expect("stats").split(" ");
        return Long.parseLong(f[1].substring(f[1].indexOf('=') + 1));
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
