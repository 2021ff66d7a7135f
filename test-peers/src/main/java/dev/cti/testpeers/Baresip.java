package dev.cti.testpeers;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real baresip softphone (Debian {@code baresip-core}) as a peer of the gateway, headless: its own config
 * directory, PCMU only, a WAV file as its microphone ({@code aufile}), what it receives dumped to a WAV by
 * {@code sndfile} ({@code dump-*-dec.wav}, 8 kHz mono s16), a null loudspeaker ({@code aubridge}), and driven over
 * {@code ctrl_tcp}: netstring-framed JSON commands {@code {"command","params","token"}} (the {@code menu}
 * module's dial, hold, resume, hangup), answered by {@code {"response":true,"ok",...}} and interleaved with
 * {@code {"event":true,"type":"CALL_ESTABLISHED",...}} events, which are collected.
 *
 * <p>A phone that takes several calls has one dump per call: what it heard is read from the newest. baresip 1.0
 * ignores {@code Call-Info: answer-after}, so phones that do not auto-answer take a call with {@link #accept()}.
 * A missing baresip fails the test when {@code CI=true} and otherwise skips it with the install command.
 */
public final class Baresip implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final Socket control;
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final List<JsonObject> responses = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokens = new AtomicInteger();

    private Baresip(Path dir, Process process, Socket control) {
        this.dir = dir;
        this.process = process;
        this.control = control;
        Thread reader = new Thread(this::readControl, "baresip-ctrl-" + dir.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts baresip in {@code dir} with one account line (baresip's accounts syntax) and {@code voice} (a WAV, 8 kHz
     * mono s16) as its microphone, and connects to its control port.
     */
    public static Baresip start(Path dir, String account, Path voice) throws Exception {
        return start(dir, account, voice, List.of());
    }

    /**
     * Like {@link #start(Path, String, Path)} with extra config lines; a line whose key (first word) the default
     * config has replaces that line ({@code rtp_ports 40000-40998}), others are added ({@code sip_cafile ca.pem},
     * {@code module srtp.so} for SDES SRTP with {@code ;mediaenc=srtp-mand} in the account).
     */
    public static Baresip start(Path dir, String account, Path voice, List<String> extraConfig) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dir, account, voice, extraConfig);
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw new IllegalStateException(e.getMessage(), e.getCause());
                }
                // a port chosen free was taken before baresip bound it (its TLS listener takes the SIP port + 1,
                // which nothing reserved): other ports, once more
            }
        }
    }

    /** baresip exited because a port it was given was taken meanwhile. */
    private static final class PortTaken extends Exception {
        PortTaken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static Baresip startOnce(Path dir, String account, Path voice, List<String> extraConfig)
            throws Exception {
        Path exe = require();
        Files.createDirectories(dir);
        int sip = FreePorts.udpAndTcp();
        int ctrl = FreePorts.tcp();
        List<String> lines = new java.util.ArrayList<>(List.of(
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + sip,
                "audio_player aubridge,nowhere-" + sip,
                "audio_alert aubridge,nowhere-alert-" + sip,
                "audio_source aufile," + voice,
                "ausrc_srate 8000", "auplay_srate 8000", "ausrc_channels 1", "auplay_channels 1",
                "rtp_ports 10000-19998",
                "module_path /usr/lib/baresip/modules",
                "module g711.so", "module aufile.so", "module aubridge.so", "module sndfile.so",
                "module_app account.so", "module_app menu.so", "module_app ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + ctrl,
                "snd_path " + dir));
        for (String extra : extraConfig) {
            String key = extra.split("\\s+", 2)[0];
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (!key.equals("module") && lines.get(i).split("\\s+", 2)[0].equals(key)) {
                    at = i;
                }
            }
            if (at >= 0) {
                lines.set(at, extra);
            } else {
                lines.add(extra);
            }
        }
        lines.add("");
        Files.writeString(dir.resolve("config"), String.join("\n", lines));
        Files.writeString(dir.resolve("accounts"), account + "\n");
        Process p = new ProcessBuilder(exe.toString(), "-f", dir.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("baresip.log").toFile()).start();
        Socket s = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (s == null) {
            try {
                s = new Socket("127.0.0.1", ctrl);
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroy();
                    String log = Files.readString(dir.resolve("baresip.log"));
                    String message = "baresip did not open its control port " + ctrl + "\n" + log;
                    if (!p.isAlive() && log.contains("Address already in use")) {
                        throw new PortTaken(message, e);
                    }
                    throw new IllegalStateException(message, e);
                }
                Thread.sleep(100);
            }
        }
        return new Baresip(dir, p, s);
    }

    /** baresip on PATH, or a failed test when {@code CI=true}, or a skipped one with the install command. */
    public static Path require() {
        return PeerTool.require("baresip", "baresip-core");
    }

    /** Answers the incoming call (the {@code menu} module's accept). */
    public void accept() throws Exception {
        command("accept", "");
    }

    /** How many control events of this type arrived so far. */
    public long count(String type) {
        return events.stream().filter(e -> type.equals(e.getString("type"))).count();
    }

    /** Waits until {@code n} control events of this type have arrived; returns the n-th. */
    public JsonObject awaitNth(String type, int n, Duration timeout) {
        try {
            Awaitility.await("baresip event " + type + " #" + n + " in " + dir.getFileName()).atMost(timeout)
                    .pollInterval(Duration.ofMillis(20)).until(() -> count(type) >= n);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nevents: " + events + "\n---- baresip.log\n" + log(), e);
        }
        return events.stream().filter(e -> type.equals(e.getString("type"))).skip(n - 1L).findFirst().orElseThrow();
    }

    /** Runs a command; returns the response ({@code ok} true) or fails with baresip's answer and log. */
    public JsonObject command(String command, String params) throws Exception {
        String token = "t" + tokens.incrementAndGet();
        byte[] body = new JsonObject().put("command", command).put("params", params).put("token", token).encode()
                .getBytes(StandardCharsets.UTF_8);
        synchronized (control) {
            OutputStream out = control.getOutputStream();
            out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(',');
            out.flush();
        }
        JsonObject r = Awaitility.await("baresip answers " + command).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20)).until(() -> responses.stream()
                        .filter(x -> token.equals(x.getString("token"))).findFirst().orElse(null), x -> x != null);
        if (!r.getBoolean("ok", false)) {
            throw new IllegalStateException("baresip " + command + " " + params + ": " + r.encode() + "\n" + log());
        }
        return r;
    }

    /** Waits for a control event of this type (CALL_ESTABLISHED, CALL_CLOSED, REGISTER_OK...). */
    public JsonObject awaitEvent(String type, Duration timeout) {
        try {
            return awaitEventQuietly(type, timeout);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nevents: " + events + "\n---- baresip.log\n" + log(), e);
        }
    }

    private JsonObject awaitEventQuietly(String type, Duration timeout) {
        return Awaitility.await("baresip event " + type + " in " + dir.getFileName()).atMost(timeout)
                .pollInterval(Duration.ofMillis(20)).until(() -> events.stream()
                        .filter(e -> type.equals(e.getString("type"))).findFirst().orElse(null), e -> e != null);
    }

    public List<JsonObject> events() {
        return List.copyOf(events);
    }

    /** Samples received so far in the call's dump (0 before the first call's audio starts). */
    public int recorded() throws IOException {
        return Wav.sampleCount(dump());
    }

    /** Received samples {@code from} to {@code to} (fewer if not there yet). */
    public short[] heard(int from, int to) throws IOException {
        return Wav.samples(dump(), from, to);
    }

    /** The phone's call dumps with their sizes and its log, for failure messages. */
    public String describe() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".wav"))
                    .map(p -> p.getFileName() + " " + p.toFile().length() + " " + p.toFile().lastModified())
                    .toList() + "\nevents: " + events + "\n---- baresip.log\n" + log();
        } catch (IOException e) {
            return e.toString();
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("baresip.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private byte[] dump() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            // one dump per call: the newest one is the current call's
            Path f = s.filter(p -> p.getFileName().toString().endsWith("-dec.wav"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
            return f == null ? new byte[0] : Files.readAllBytes(f);
        }
    }

    private void readControl() {
        try (InputStream in = control.getInputStream()) {
            while (true) {
                int len = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < 0) {
                        return;
                    }
                    len = len * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(len);
                in.read(); // ','
                JsonObject j = new JsonObject(new String(body, StandardCharsets.UTF_8));
                (j.getBoolean("response", false) ? responses : events).add(j);
            }
        } catch (IOException | RuntimeException e) {
            // closed: the process ended or the test closed us
        }
    }

    @Override
    public void close() throws Exception {
        try {
            control.close();
        } finally {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
