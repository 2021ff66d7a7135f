package dev.cti.bench.media;

import dev.cti.config.NetworkConfig;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.MediaListener;
import dev.cti.gateway.media.RemoteMedia;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The gateway's media relay as a system under test (T2), without SIP: the real {@link MediaEngine} driven over
 * stdin/stdout by the benchmark. {@code MediaSutMain --port-min P --port-max Q}; commands, one a line:
 * {@code call PORT_A PORT_B} allocates two legs on one event loop whose peers are 127.0.0.1:PORT_A / PORT_B
 * (PCMU, sendrecv), bridges them and answers {@code ok LEG_A_PORT LEG_B_PORT}; {@code stats} answers
 * {@code stats relayed=N lost=N dropped=N}. It exits at the end of stdin.
 *
 * <p>With {@code --record DIR [--record-warm-up-chunks N]} (T3) every call is also recorded from its set-up, on
 * its first leg (the customer's), by the gateway's real recording service writing under DIR ({@link SutRecorder}); {@code stats} adds the
 * recording figures, and {@code stop-recordings} stops every recording, waits until each is finished on disk and
 * answers with one {@code rec ...} line per recording and a final {@code stopped ...} line.
 */
public final class MediaSutMain {

    private MediaSutMain() {}

    public static void main(String[] args) throws Exception {
        int min = 0;
        int max = 0;
        Path record = null;
        int warmUpChunks = 20_000;
        String transport = NetworkConfig.Rtp.DEFAULT_TRANSPORT;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port-min" -> min = Integer.parseInt(args[i + 1]);
                case "--port-max" -> max = Integer.parseInt(args[i + 1]);
                case "--record" -> record = Path.of(args[i + 1]);
                case "--record-warm-up-chunks" -> warmUpChunks = Integer.parseInt(args[i + 1]);
                case "--transport" -> transport = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MediaEngine engine = new MediaEngine(new NetworkConfig.Rtp("127.0.0.1", min, max, 3600, transport), registry, new MediaListener() {});
        engine.start();
        SutRecorder recorder = record == null ? null : new SutRecorder(record, engine, registry, warmUpChunks);
        out.println("ready " + engine.transport().orElse("?"));
        int calls = 0;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.trim().split("\\s+");
            try {
                switch (f[0]) {
                    case "call" -> {
                        MediaLeg a = engine.allocateLeg().join();
                        MediaLeg b = engine.allocateLeg(a).join();
                        a.configure(remote(Integer.parseInt(f[1])));
                        b.configure(remote(Integer.parseInt(f[2])));
                        engine.bridge(a, b);
                        if (recorder != null) {
                            recorder.record(calls, a);
                        }
                        calls++;
                        out.println("ok " + a.localPort() + " " + b.localPort());
                    }
                    case "stats" -> out.println("stats relayed=" + count(registry, "rtp.packets.relayed")
                            + " lost=" + count(registry, "rtp.packets.lost") + " dropped=" + count(registry, "rtp.packets.dropped")
                            + (recorder == null ? "" : " " + recorder.stats()));
                    case "stop-recordings" -> {
                        if (recorder == null) {
                            out.println("error not recording");
                        } else {
                            recorder.stopAll().forEach(out::println);
                        }
                    }
                    default -> out.println("error unknown command " + f[0]);
                }
            } catch (Exception e) {
                out.println("error " + e);
            }
        }
        if (recorder != null) {
            recorder.close();
        }
        engine.close();
    }

    private static RemoteMedia remote(int port) {
        return new RemoteMedia(new InetSocketAddress("127.0.0.1", port), G711.PCMU, 101, MediaDirection.SENDRECV);
    }

    private static long count(SimpleMeterRegistry registry, String name) {
        return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
