package dev.cti.it.peers;

import static org.junit.jupiter.api.Assertions.fail;

import dev.cti.config.CtiConfig;
import dev.cti.it.stack.ConfCopy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PBX as a real peer: one sipp process on {@code peers/sipp/caller.xml} sending one customer call from
 * 127.0.0.1 (the trunk address) to the gateway, dialling a number, and hanging up (BYE) a set time after its ACK.
 * sipp sends no RTP; the gateway plays the queue to it and relays the agent regardless.
 */
final class SippCaller implements AutoCloseable {
    private final Process process;
    private final Path dir;

    private SippCaller(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /**
     * Starts the call.
     *
     * @param config   the running stack's configuration (the gateway's SIP port)
     * @param workDir  where the scenario copy and sipp's logs go
     * @param caller   the customer's number (From)
     * @param dialled  the number dialled (Request-URI)
     * @param holdFor  time between sipp's ACK and its BYE
     */
    static SippCaller dial(CtiConfig config, Path workDir, String caller, String dialled, Duration holdFor)
            throws IOException {
        PeerTool.require("sipp", "sip-tester");
        Path dir = Files.createTempDirectory(Files.createDirectories(workDir), "sipp-" + caller + "-");
        Path scenario = dir.resolve("caller.xml");
        try (InputStream in = SippCaller.class.getResourceAsStream("/peers/sipp/caller.xml")) {
            Files.copy(in, scenario);
        }
        int sipPort = ConfCopy.freeUdpAndTcp();
        List<String> cmd = List.of("sipp", "-sf", scenario.toString(), "-i", "127.0.0.1",
                "-p", Integer.toString(sipPort), "-mp", Integer.toString(ConfCopy.freeUdpAndTcp()),
                "-s", dialled, "-key", "caller", caller, "-d", Long.toString(holdFor.toMillis()),
                "-m", "1", "-nostdin", "-timeout", (holdFor.toSeconds() + 40) + "s", "-timeout_error",
                "-trace_err", "-error_file", dir.resolve("errors.log").toString(),
                "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                "127.0.0.1:" + config.network().sip().udpPort());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile()).start();
        return new SippCaller(p, dir);
    }

    /** Waits for sipp to finish its scenario (INVITE answered, ACK, BYE answered) and fails with its logs if not. */
    void assertPassed(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            process.waitFor(2, TimeUnit.SECONDS);
            fail("sipp did not finish within " + timeout + "\n" + logs());
        }
        if (process.exitValue() != 0) {
            fail("sipp exited " + process.exitValue() + "\n" + logs());
        }
    }

    /** The SIP messages sipp sent and received so far. */
    String messages() throws IOException {
        Path p = dir.resolve("messages.log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    String logs() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("errors.log", "stderr.log", "messages.log")) {
            Path p = dir.resolve(f);
            try {
                if (Files.exists(p)) {
                    String text = Files.readString(p);
                    sb.append("---- ").append(f).append(" (").append(dir).append(")\n")
                            .append(text.length() > 12000 ? text.substring(text.length() - 12000) : text)
                            .append('\n');
                }
            } catch (IOException e) {
                sb.append(f).append(": ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
    }
}
