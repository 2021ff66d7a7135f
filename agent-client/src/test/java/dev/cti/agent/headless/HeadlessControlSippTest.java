package dev.cti.agent.headless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.agent.testkit.RtpPeer;
import dev.cti.agent.testkit.Sipp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headless command interface end to end: a sipp customer calls; the call is driven by commands over the TCP
 * control port and over stdin, and the events come back as JSON lines on both.
 */
class HeadlessControlSippTest {
    private static final String TOKEN = ControlPort.newToken(new java.security.SecureRandom());
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final List<JsonObject> tcpLines = new CopyOnWriteArrayList<>();
    private DatagramSocket deadRegistrar;
    private AgentSeat seat;
    private ControlPort control;
    private HeadlessRunner runner;
    private PipedOutputStream stdin;

    @BeforeEach
    void start() throws Exception {
        Sipp.require();
        deadRegistrar = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        EventOutput output = new EventOutput(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        PhoneSettings phone = new PhoneSettings("1001", "pw", "cti.local", "127.0.0.1", deadRegistrar.getLocalPort(),
                "127.0.0.1", 300);
        seat = new AgentSeat(new AgentSeat.Settings("1001", phone, null, "1001", null, -1,
                new AudioSpec("tone:880", "discard")), vertx, ticker, Clock.systemUTC(), output);
        seat.start().get(10, TimeUnit.SECONDS);
        runner = new HeadlessRunner(seat, output);
        control = new ControlPort(0, TOKEN, runner::onLine, output);
        stdin = new PipedOutputStream();
        runner.readFrom(new PipedInputStream(stdin), true);
    }

    @AfterEach
    void stop() throws Exception {
        control.close();
        seat.close();
        deadRegistrar.close();
        ticker.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private List<JsonObject> stdoutLines() {
        return stdout.toString(StandardCharsets.UTF_8).lines().map(JsonObject::new).toList();
    }

    private static JsonObject awaitLine(List<JsonObject> lines, String event, String field, String value) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> lines.stream()
                .filter(e -> event.equals(e.getString("event")) && (field == null || value.equals(e.getString(field))))
                .reduce((a, b) -> b).orElse(null), e -> e != null);
    }

    private JsonObject awaitStdout(String event, String field, String value) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> stdoutLines().stream()
                .filter(e -> event.equals(e.getString("event")) && (field == null || value.equals(e.getString(field))))
                .findFirst().orElse(null), e -> e != null);
    }

    @Test
    void aCallIsDrivenOverTheControlPortAndStdin() throws Exception {
        try (RtpPeer peer = new RtpPeer();
             Socket tcp = new Socket("127.0.0.1", control.port());
             Sipp sipp = Sipp.start("caller-agent-holds-resumes-hangs-up.xml", "127.0.0.1:" + seat.phone().sipPort(),
                     Sipp.freeUdpPort(), dir, "-s", "1001", "-m", "1", "-set", "rtpport", Integer.toString(peer.port()))) {
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(tcp.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) tcpLines.add(new JsonObject(l));
                } catch (Exception ignored) {
                    // socket closed at the end
                }
            });
            reader.setDaemon(true);
            reader.start();
            OutputStream out = tcp.getOutputStream();
            send(out, "auth " + TOKEN);
            awaitLine(tcpLines, "ok", "command", "auth");

            JsonObject incoming = awaitLine(tcpLines, "incoming", null, null);
            assertThat(incoming.getString("from")).isEqualTo("138****5678");
            assertThat(incoming.getString("agent")).isEqualTo("1001");
            assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain("13812345678");

            send(out, "fly to the moon");
            assertThat(awaitLine(tcpLines, "error", null, null).getString("message")).contains("unknown command");
            send(out, "answer");
            awaitLine(tcpLines, "ok", "command", "answer");
            awaitLine(tcpLines, "answered", null, null);
            await().atMost(Duration.ofSeconds(5)).until(() -> peer.audioFrames() > 10);

            send(out, "mute");
            awaitLine(tcpLines, "muted", null, null);
            send(out, "unmute");
            send(out, "hold");
            awaitLine(tcpLines, "held", null, null);

            // the same seat from stdin: results and events on stdout
            stdin.write("resume\nstatus\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            awaitStdout("resumed", null, null);
            JsonObject status = awaitStdout("ok", "command", "status");
            assertThat(status.getString("call")).isIn("CONNECTED", "RESUMING");
            assertThat(status.getLong("badCommands")).isEqualTo(1);

            send(out, "hangup");
            awaitLine(tcpLines, "hangup", "by", "agent");
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            send(out, "hangup");
            assertThat(awaitLine(tcpLines, "error", "command", "hangup").getString("message")).contains("IDLE");
            send(out, "ready");
            assertThat(awaitLine(tcpLines, "error", "command", "ready").getString("message")).contains("no server");
        }
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
