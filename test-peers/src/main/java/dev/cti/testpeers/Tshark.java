package dev.cti.testpeers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A bounded packet capture on the loopback interface with {@code tshark} (Debian {@code tshark}), for tests that
 * prove what crosses the wire: a capture filter limits it to the test's ports, {@code -a duration:} to a time, and
 * {@link #close()} ends it early. Capturing needs rights (root, or the {@code wireshark} group with dumpcap's
 * capabilities): without them the test fails when {@code CI=true} and is skipped elsewhere with the hint; a missing
 * tshark likewise ({@link PeerTool}).
 */
public final class Tshark implements AutoCloseable {
    private final Path pcap;
    private final Path log;
    private final Process process;

    private Tshark(Path pcap, Path log, Process process) {
        this.pcap = pcap;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts capturing on {@code lo} into {@code pcap} with a BPF capture filter, for at most {@code maxSeconds};
     * returns once tshark says it is capturing.
     */
    public static Tshark capture(Path pcap, String captureFilter, int maxSeconds) throws Exception {
        Path exe = PeerTool.require("tshark", "tshark");
        Path log = pcap.resolveSibling(pcap.getFileName() + ".log");
        Process p = new ProcessBuilder(exe.toString(), "-i", "lo", "-f", captureFilter, "-a", "duration:" + maxSeconds,
                "-w", pcap.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            String said = Files.exists(log) ? Files.readString(log) : "";
            if (said.contains("Capturing on")) {
                return new Tshark(pcap, log, p);
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                String hint = "tshark cannot capture on lo (run as root, or add the user to the wireshark group "
                        + "and allow dumpcap to capture: dpkg-reconfigure wireshark-common): " + said.strip();
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError(hint + " (CI=true: the wire test must run)");
                }
                Assumptions.assumeTrue(false, hint);
            }
            Thread.sleep(50);
        }
    }

    /** Stops the capture (tshark finishes the file) and waits for it. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: tshark closes the file cleanly
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** What tshark printed (for failure messages). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /**
     * One field of every packet matching a display filter, read back from the capture ({@code tshark -r -Y -T fields
     * -e}); hex fields ({@code udp.payload}, {@code tcp.payload}) come back as bytes.
     */
    public List<byte[]> hexField(String displayFilter, String field) throws Exception {
        Path exe = PeerTool.require("tshark", "tshark");
        Process p = new ProcessBuilder(exe.toString(), "-r", pcap.toString(), "-Y", displayFilter, "-T", "fields",
                "-e", field).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("tshark -r " + pcap + " -Y " + displayFilter + " failed: " + err);
        }
        List<byte[]> values = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.US_ASCII).split("\n")) {
            String hex = line.strip().replace(":", "");
            if (!hex.isEmpty()) {
                values.add(HexFormat.of().parseHex(hex));
            }
        }
        return values;
    }
}
