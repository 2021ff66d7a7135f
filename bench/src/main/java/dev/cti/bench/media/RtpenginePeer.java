package dev.cti.bench.media;

import dev.cti.bench.core.ProcessCpu;
import dev.cti.bench.server.ConfigGenerator;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * rtpengine as T2's peer: userspace forwarding only (--table=-1, no kernel module), pinned to the SUT's CPUs,
 * each call set up with an ng-protocol offer (phone A's SDP) and answer (phone B's SDP) over UDP/bencode.
 */
final class RtpenginePeer implements Relay {

    private static final Pattern AUDIO_PORT = Pattern.compile("m=audio (\\d+) ");

    private final Process process;
    private final DatagramSocket ng;
    private final InetAddress loopback = InetAddress.getLoopbackAddress();
    private final int ngPort;
    private int calls;

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/rtpengine"));
    }

    RtpenginePeer(Path work, int callCount, String cpus) throws Exception {
        Files.createDirectories(work);
        ngPort = ConfigGenerator.freePort();
        int span = callCount * 4 + 200;
        int portMin = RelayPorts.min(span);
        List<String> cmd = new ArrayList<>();
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.addAll(List.of("/usr/bin/rtpengine", "--config-file=none", "--foreground", "--log-stderr",
                "--log-level=4", "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ngPort, "--table=-1",
                "--port-min=" + portMin, "--port-max=" + (portMin + span), "--num-threads=2",
                "--pidfile=" + work.resolve("rtpengine.pid")));
        process = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("rtpengine.log").toFile()).start();
        ng = new DatagramSocket(0, loopback);
        ng.setSoTimeout(5000);
        for (int i = 0; ; i++) {   // wait until it answers a ping
            try {
                if (request(Map.of("command", "ping")).contains("pong")) {
                    break;
                }
            } catch (java.net.SocketTimeoutException e) {
                // not up yet
            }
            checkAlive();
            if (i > 20) {
                throw new IllegalStateException("rtpengine does not answer: " + Files.readString(work.resolve("rtpengine.log")));
            }
            Thread.sleep(250);
        }
    }

    @Override
    public int[] call(int portA, int portB) throws Exception {
        String id = "bench-" + (++calls);
        String offer = request(Map.of("command", "offer", "call-id", id, "from-tag", "a", "sdp", sdp(portA)));
        String answer = request(Map.of("command", "answer", "call-id", id, "from-tag", "a", "to-tag", "b", "sdp", sdp(portB)));
        return new int[] {port(answer), port(offer)};   // A sends where the answer to A points; B where the offer to B points
    }

    private static int port(String reply) {
        Matcher m = AUDIO_PORT.matcher(reply);
        if (!reply.contains("2:ok") || !m.find()) {
            throw new IllegalStateException("rtpengine refused: " + reply);
        }
        return Integer.parseInt(m.group(1));
    }

    private static String sdp(int port) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
    }

    private String request(Map<String, String> message) throws Exception {
        String cookie = "c" + System.nanoTime();
        StringBuilder b = new StringBuilder(cookie).append(" d");
        for (var e : new TreeMap<>(message).entrySet()) {
            b.append(bencode(e.getKey())).append(bencode(e.getValue()));
        }
        byte[] out = b.append('e').toString().getBytes(StandardCharsets.UTF_8);
        ng.send(new DatagramPacket(out, out.length, loopback, ngPort));
        byte[] in = new byte[65536];
        while (true) {
            DatagramPacket p = new DatagramPacket(in, in.length);
            ng.receive(p);
            String reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (reply.startsWith(cookie + " ")) {
                return reply;
            }
        }
    }

    private static String bencode(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length + ":" + s;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public double cpuSeconds() {
        return ProcessCpu.cpuSeconds(process.pid());
    }

    @Override
    public long relayedPackets() {
        return -1;
    }

    @Override
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("rtpengine exited with status " + process.exitValue());
        }
    }

    @Override
    public void close() {
        ng.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
