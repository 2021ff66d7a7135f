package dev.cti.gateway.b2bua;

import static dev.cti.gateway.b2bua.MonitorBaresipTest.T;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.account;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.gateway.media.record.RecordingAudio;
import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.AcknowledgeRecordings;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeleteRecordings;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.Hello;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.RecordingStarted;
import dev.cti.link.message.RecordingStatus;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.message.RecordingsDeleted;
import dev.cti.link.testing.ScriptedServerPeer;
import dev.cti.link.testing.TestTls;
import dev.cti.recording.RecordingKeys;
import dev.cti.testpeers.Baresip;
import dev.cti.testpeers.Wav;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety and the outbox (issue 12): a gateway in a child JVM records a real call (baresip customer 440 Hz,
 * agent 880 Hz) and is killed with SIGKILL mid-call. A new gateway started on the same data directory repairs the
 * recording and reports it PARTIAL with its true length (whole seconds, no more than the call lasted), and it plays:
 * the customer on the left, the agent on the right. The report is sent again after every reconnection of the link
 * until the server acknowledges it; then the sidecar says indexed and nothing is re-sent. DeleteRecordings removes
 * the file.
 */
class RecordingCrashBaresipTest {
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private ScriptedServerPeer server;
    private Process child;
    private Baresip customer;
    private Baresip agent;
    private GatewayHarness restarted;

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.destroyForcibly();
        }
        for (AutoCloseable c : new AutoCloseable[] {customer, agent, restarted, server}) {
            if (c != null) {
                c.close();
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRecordingCutByKillMinus9IsRepairedReportedPartialAndResentUntilAcknowledged() throws Exception {
        Baresip.require();
        Path data = dir.resolve("data");
        server = ScriptedServerPeer.start(vertx, TestTls.get().server());
        server.timeout(Duration.ofSeconds(30));
        Path linkFiles = TestTls.get().linkFiles("gw-child");
        int sipPort = FreePorts.udpAndTcp();
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), RecordingCrashChild.class.getName(),
                Integer.toString(sipPort), Integer.toString(server.port()), data.toString(), linkFiles.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        // a fresh JVM (class loading, the stack, the recording keys) can take more than 30 s to say hello on a loaded
        // 2-core machine: the first wait is long, the rest are 30 s again
        server.timeout(Duration.ofSeconds(120));
        server.awaitHello();
        server.timeout(Duration.ofSeconds(30));
        server.awaitSnapshot();

        agent = Baresip.start(dir.resolve("agent"), account("1001", "cti.local", "127.0.0.1:" + sipPort, "auto"),
                Wav.tone(dir.resolve("agent.wav"), RecordingBaresipTest.AGENT, 120));
        server.await(PhoneRegistered.class, p -> p.extension().equals("1001"));
        customer = Baresip.start(dir.resolve("customer"), "<sip:13800000004@127.0.0.1>;regint=0;audio_codecs=PCMU",
                Wav.tone(dir.resolve("customer.wav"), RecordingBaresipTest.CUSTOMER, 120));
        customer.command("dial", "sip:" + GatewayHarness.SERVICE_NUMBER + "@127.0.0.1:" + sipPort);
        CallOffered offered = server.await(CallOffered.class);
        server.send(new DeliverToAgent(offered.callId(), "1001", "1001", 10));
        CallAnswered answered = server.await(CallAnswered.class);
        RecordingStarted started = server.await(RecordingStarted.class);
        customer.awaitNth("CALL_ESTABLISHED", 1, T);
        next(customer, 0, 2.7); // about 2.7 s of the call recorded
        long killedAt = System.currentTimeMillis();
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no final chunk
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        server.close();
        server = null;

        Path recordings = data.resolve("recordings"); // <storage.dataDir>/recordings by default
        Path file = recordings.resolve(started.file());
        assertThat(Files.exists(file)).isTrue();
        JsonObject before = new JsonObject(Files.readString(recordings.resolve(started.file().replace(".ctirec", ".json"))));
        assertThat(before.getString("state")).as("the sidecar was not finished").isEqualTo("RECORDING");

        // the same data directory, a new gateway: recovery at start, then the outbox towards its server
        restarted = GatewayHarness.onDataDir(data, UnaryOperator.identity());
        RecordingStopped partial = restarted.server.await(RecordingStopped.class,
                r -> r.recordingId().equals(started.recordingId()));
        assertThat(partial.status()).isEqualTo(RecordingStatus.PARTIAL);
        assertThat(partial.callId()).isEqualTo(offered.callId());
        assertThat(partial.file()).isEqualTo(started.file());
        assertThat(partial.durationMillis() % 1000).as("whole chunks only").isZero();
        assertThat(partial.durationMillis()).as("up to the last second written")
                .isBetween(1000L, killedAt - answered.at() + 500);
        assertThat(partial.sizeBytes()).isEqualTo(Files.size(file));
        RecordingAudio audio = RecordingAudio.read(file, RecordingKeys.open(restarted.gateway.recordings().keyFile()));
        assertThat(audio.complete()).isFalse();
        assertThat(audio.durationMillis()).isEqualTo(partial.durationMillis());
        RecordingBaresipTest.channels(audio, "the partial recording", 300, partial.durationMillis() - 100,
                List.of(RecordingBaresipTest.AGENT), List.of(RecordingBaresipTest.CUSTOMER));
        assertThat(restarted.gateway.registry().scrape()).contains("recordings_finished_total{status=\"partial\"} 1.0")
                .contains("recording_outbox_pending 1.0");

        // not acknowledged: sent again after a reconnection
        restarted.server.dropConnection();
        restarted.server.awaitCount(Hello.class, 2);
        restarted.server.awaitCount(RecordingStopped.class, 2);
        // acknowledged: the sidecar says indexed, nothing more is sent
        restarted.server.send(new AcknowledgeRecordings(List.of(started.recordingId())));
        Path sidecar = recordings.resolve(started.file().replace(".ctirec", ".json"));
        await().atMost(Duration.ofSeconds(5)).until(() -> new JsonObject(Files.readString(sidecar))
                .getBoolean("indexed", false));
        assertThat(restarted.gateway.recordings().pendingIds()).isEmpty();
        restarted.server.dropConnection();
        restarted.server.awaitCount(Hello.class, 3);
        // events keep their order: had the recording been re-sent, it would come before this answer
        restarted.server.send(new DeleteRecordings("del-1", List.of(started.recordingId(),
                "20200101-00000000000000000000000000000000")));
        RecordingsDeleted deleted = restarted.server.await(RecordingsDeleted.class);
        assertThat(restarted.server.received(RecordingStopped.class)).hasSize(2);
        assertThat(deleted.deleted()).containsExactly(started.recordingId());
        assertThat(deleted.notFound()).containsExactly("20200101-00000000000000000000000000000000");
        assertThat(deleted.failed()).isEmpty();
        assertThat(Files.exists(file)).isFalse();
        assertThat(Files.exists(sidecar)).isFalse();
        assertThat(Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8)).contains("READY");
    }
}
