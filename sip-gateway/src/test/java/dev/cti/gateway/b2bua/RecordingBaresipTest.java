package dev.cti.gateway.b2bua;

import static dev.cti.gateway.b2bua.MonitorBaresipTest.T;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.next;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.seat;
import static dev.cti.gateway.media.record.RecordingAudio.profile;
import static dev.cti.gateway.media.record.RecordingAudio.rms;
import static dev.cti.gateway.media.record.RecordingAudio.share;
import static dev.cti.gateway.media.record.RecordingAudio.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.gateway.media.record.RecordingAudio;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.DiskState;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.PauseRecording;
import dev.cti.link.message.RecordingDiskStatus;
import dev.cti.link.message.RecordingPaused;
import dev.cti.link.message.RecordingResumed;
import dev.cti.link.message.RecordingSkipReason;
import dev.cti.link.message.RecordingSkipped;
import dev.cti.link.message.RecordingStarted;
import dev.cti.link.message.RecordingStatus;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.ResumeRecording;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.StartMonitor;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.Transfer;
import dev.cti.recording.ChunkAuthenticationException;
import dev.cti.recording.KeyRing;
import dev.cti.recording.RecordingKey;
import dev.cti.recording.RecordingKeys;
import dev.cti.recording.RecordingReader;
import dev.cti.testpeers.Baresip;
import dev.cti.testpeers.Wav;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's recording through the real gateway with real baresip phones, checked by signal in the decrypted file:
 * the customer (440 Hz) on the left channel and never anything else; on the right what the customer hears: agent
 * 1001 (880 Hz), silence while paused, agent 1002 (1320 Hz) after a blind transfer to a queue and re-delivery (one
 * file for the whole call), still 1320 Hz and no supervisor (1760 Hz) during a whisper, the supervisor after the
 * take-over. The file is unreadable without the key. Under the disk floor a call connects unrecorded.
 */
class RecordingBaresipTest {
    static final int CUSTOMER = 440;
    static final int AGENT = 880;
    static final int AGENT2 = 1320;
    static final int SUPERVISOR = 1760;
    static final double HEARS = 0.5;
    static final double DEAF = 0.03;

    @TempDir
    Path dir;
    private GatewayHarness h;
    private Baresip customer;
    private Baresip agent;
    private Baresip agent2;
    private Baresip supervisor;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {customer, agent, agent2, supervisor, h}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private Baresip customerPhone() throws Exception {
        return Baresip.start(dir.resolve("customer"), "<sip:13800000004@127.0.0.1>;regint=0;audio_codecs=PCMU",
                Wav.tone(dir.resolve("customer.wav"), CUSTOMER, 120));
    }

    private String dialAndDeliver(String extension, int nth) throws Exception {
        customer.command("dial", "sip:" + GatewayHarness.SERVICE_NUMBER + "@127.0.0.1:" + h.sipPort);
        CallOffered offered = h.server.awaitCount(CallOffered.class, nth).get(nth - 1);
        h.server.send(new DeliverToAgent(offered.callId(), extension, extension, 10));
        h.server.await(CallAnswered.class, a -> a.callId().equals(offered.callId()));
        customer.awaitNth("CALL_ESTABLISHED", nth, T);
        return offered.callId();
    }

    @Test
    void oneRecordingFollowsTheCallThroughPauseTransferWhisperAndTakeOver() throws Exception {
        Baresip.require();
        h = new GatewayHarness(60);
        agent = seat(h, dir, "agent", "1001", "auto", AGENT);
        agent2 = seat(h, dir, "agent2", "1002", "auto", AGENT2);
        supervisor = seat(h, dir, "supervisor", "9001", "manual", SUPERVISOR);
        customer = customerPhone();
        assertThat(h.server.await(RecordingDiskStatus.class).state()).isEqualTo(DiskState.OK);

        String callId = dialAndDeliver("1001", 1);
        RecordingStarted started = h.server.await(RecordingStarted.class, r -> r.callId().equals(callId));
        next(customer, 0, 1.5);

        // pause and resume: silent in the file, listed in the metadata, shown in the snapshot
        h.server.send(new PauseRecording(callId, "1001"));
        RecordingPaused paused = h.server.await(RecordingPaused.class, p -> p.callId().equals(callId));
        assertThat(paused.user()).isEqualTo("1001");
        Snapshot.CallSnapshot view = h.gateway.b2bua().snapshot().calls().stream()
                .filter(c -> c.callId().equals(callId)).findFirst().orElseThrow();
        assertThat(view.recording()).as("the snapshot names the file and the audio's time 0")
                .isEqualTo(new Snapshot.RecordingSnapshot(started.recordingId(), true, started.file(), started.at()));
        long pausedRejected = h.server.send(new PauseRecording(callId, "1001"));
        assertThat(h.server.await(CommandRejected.class, r -> r.commandSeq() == pausedRejected).reason())
                .as("paused already").isEqualTo(RejectReason.INVALID_STATE);
        next(customer, 0, 1.2);
        h.server.send(new ResumeRecording(callId, "1001"));
        RecordingResumed resumed = h.server.await(RecordingResumed.class, p -> p.callId().equals(callId));
        next(customer, 0, 1.2);

        // blind transfer to the queue, delivered to the second agent: the same recording goes on
        h.server.send(new Transfer(callId, TargetKind.QUEUE, "service"));
        CallTransferred transferred = h.server.await(CallTransferred.class, t -> t.callId().equals(callId));
        h.server.awaitCount(CallOffered.class, 2);
        h.server.send(new DeliverToAgent(callId, "1002", "1002", 10));
        CallAnswered second = h.server.await(CallAnswered.class, a -> a.agentId().equals("1002"));
        agent2.awaitNth("CALL_ESTABLISHED", 1, T);
        next(customer, 300, 1.5);

        // a whisper is not what the customer hears: not recorded; the take-over is
        h.server.send(new StartMonitor("m-1", callId, "supervisor", "9001", "9001", MonitorMode.WHISPER));
        supervisor.awaitNth("CALL_INCOMING", 1, T);
        supervisor.accept();
        MonitorStarted whisper = h.server.await(MonitorStarted.class, m -> m.monitorId().equals("m-1"));
        supervisor.awaitNth("CALL_ESTABLISHED", 1, T);
        next(supervisor, 300, 1.5);
        h.server.send(new SetMonitorMode("m-1", callId, MonitorMode.TAKEOVER));
        MonitorModeChanged takeover = h.server.await(MonitorModeChanged.class, m -> m.mode() == MonitorMode.TAKEOVER);
        agent2.awaitNth("CALL_CLOSED", 1, T);
        next(customer, 300, 1.8);
        customer.command("hangup", "");
        h.server.await(CallCleared.class, c -> c.callId().equals(callId));
        RecordingStopped stopped = h.server.await(RecordingStopped.class, r -> r.callId().equals(callId));

        assertThat(h.server.received(RecordingStarted.class)).as("one recording for the whole call").hasSize(1);
        assertThat(stopped.recordingId()).isEqualTo(started.recordingId());
        assertThat(stopped.status()).isEqualTo(RecordingStatus.COMPLETE);
        assertThat(stopped.failure()).isNull();
        assertThat(stopped.file()).isEqualTo(started.file());
        assertThat(stopped.startedAt()).as("RecordingStarted.at is the file header's start time").isEqualTo(started.at());
        assertThat(stopped.sampleRate()).isEqualTo(8000);
        assertThat(stopped.channels()).isEqualTo(2);
        assertThat(stopped.pausedSpans()).hasSize(1);
        assertThat(stopped.pausedSpans().get(0).startMillis()).isEqualTo(paused.offsetMillis());
        assertThat(stopped.pausedSpans().get(0).endMillis()).isEqualTo(resumed.offsetMillis());
        Path file = h.gateway.recordings().directory().resolve(stopped.file());
        assertThat(Files.size(file)).isEqualTo(stopped.sizeBytes());
        assertThat(RecordingReader.sha256Hex(file)).isEqualTo(stopped.sha256());
        try (var files = Files.walk(h.gateway.recordings().directory())) {
            assertThat(files.filter(p -> p.toString().endsWith(".ctirec")).count()).as("one file").isEqualTo(1);
        }

        RecordingAudio audio = RecordingAudio.read(file, RecordingKeys.open(h.gateway.recordings().keyFile()));
        assertThat(audio.complete()).isTrue();
        assertThat(audio.durationMillis()).isEqualTo(stopped.durationMillis());
        long t0 = stopped.startedAt();
        long pauseAt = paused.offsetMillis();
        long resumeAt = resumed.offsetMillis();
        long transferAt = transferred.at() - t0;
        long secondAt = second.at() - t0;
        long whisperAt = whisper.at() - t0;
        long takeoverAt = takeover.at() - t0;
        long end = stopped.durationMillis();
        channels(audio, "first agent", 300, pauseAt - 100, List.of(AGENT), List.of(CUSTOMER, AGENT2, SUPERVISOR));
        assertThat(rms(window(audio.customer(), pauseAt + 1, resumeAt))).as("customer silent while paused").isZero();
        assertThat(rms(window(audio.agentSide(), pauseAt + 1, resumeAt))).as("agent silent while paused").isZero();
        channels(audio, "first agent after the resume", resumeAt + 300, transferAt - 100, List.of(AGENT),
                List.of(CUSTOMER, AGENT2, SUPERVISOR));
        channels(audio, "second agent", secondAt + 400, whisperAt - 100, List.of(AGENT2),
                List.of(CUSTOMER, AGENT, SUPERVISOR));
        channels(audio, "second agent while the supervisor whispers", whisperAt + 400, takeoverAt - 100,
                List.of(AGENT2), List.of(CUSTOMER, AGENT, SUPERVISOR));
        channels(audio, "supervisor after the take-over", takeoverAt + 500, end - 300, List.of(SUPERVISOR),
                List.of(CUSTOMER, AGENT, AGENT2));

        // the file on disk without its key: no RIFF header, a clear error with a wrong key
        String head = new String(Files.readAllBytes(file), 0, 64, StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("CTIREC").doesNotContain("RIFF");
        KeyRing wrong = new KeyRing(List.of(RecordingKey.of(stopped.keyId(), new byte[32])), "a wrong key");
        assertThatThrownBy(() -> RecordingReader.open(file, wrong)).isInstanceOf(ChunkAuthenticationException.class)
                .hasMessage("chunk 0 failed authentication: wrong key or corrupted file");

        String metrics = h.gateway.registry().scrape();
        assertThat(metrics).contains("recordings_finished_total{status=\"complete\"} 1.0")
                .contains("recordings_active 0.0").contains("recording_disk_free_bytes")
                .contains("recording_failures_total{reason=\"io_error\"} 0.0");
        assertThat(bytesWritten(metrics)).isEqualTo(stopped.sizeBytes());
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    private static double bytesWritten(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("recording_bytes_written_total ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).orElse(-1.0);
    }

    /** Over [from, to) ms: the customer alone on the left; on the right {@code right} and none of {@code absent}. */
    static void channels(RecordingAudio audio, String what, long from, long to, List<Integer> right,
                         List<Integer> absent) {
        assertThat(to - from).as(what + ": a window of at least 400 ms").isGreaterThanOrEqualTo(400);
        short[] l = window(audio.customer(), from, to);
        short[] r = window(audio.agentSide(), from, to);
        assertThat(share(l, CUSTOMER)).as(what + ": the customer on the left; " + profile(l, CUSTOMER, AGENT))
                .isGreaterThan(HEARS);
        for (int hz : List.of(AGENT, AGENT2, SUPERVISOR)) {
            assertThat(share(l, hz)).as(what + ": no " + hz + " Hz on the left").isLessThan(DEAF);
        }
        for (int hz : right) {
            assertThat(share(r, hz)).as(what + ": " + hz + " Hz on the right; "
                    + profile(r, CUSTOMER, AGENT, AGENT2, SUPERVISOR)).isGreaterThan(HEARS);
        }
        for (int hz : absent) {
            assertThat(share(r, hz)).as(what + ": no " + hz + " Hz on the right; "
                    + profile(r, CUSTOMER, AGENT, AGENT2, SUPERVISOR)).isLessThan(DEAF);
        }
    }

    @Test
    void underTheDiskFloorACallConnectsButIsNotRecorded() throws Exception {
        Baresip.require();
        h = GatewayHarness.onDataDir(dir.resolve("data"),
                c -> c.withRecording(c.recording().withMinFreeMegabytes(Integer.MAX_VALUE)));
        RecordingDiskStatus status = h.server.await(RecordingDiskStatus.class);
        assertThat(status.state()).isEqualTo(DiskState.BELOW_FLOOR);
        assertThat(status.floorBytes()).isEqualTo((long) Integer.MAX_VALUE << 20);
        agent = seat(h, dir, "agent", "1001", "auto", AGENT);
        customer = customerPhone();
        String callId = dialAndDeliver("1001", 1);
        RecordingSkipped skipped = h.server.await(RecordingSkipped.class, s -> s.callId().equals(callId));
        assertThat(skipped.reason()).isEqualTo(RecordingSkipReason.DISK_FLOOR);
        // the call itself goes on: the customer hears the agent
        short[] heard = next(customer, 300, 1.0);
        assertThat(MonitorBaresipTest.share(heard, AGENT)).as("the call connects").isGreaterThan(0.2);
        long seq = h.server.send(new PauseRecording(callId, "1001"));
        assertThat(h.server.await(CommandRejected.class, r -> r.commandSeq() == seq).reason())
                .isEqualTo(RejectReason.NOT_RECORDED);
        assertThat(h.gateway.b2bua().snapshot().calls()).allSatisfy(c -> assertThat(c.recording()).isNull());
        customer.command("hangup", "");
        h.server.await(CallCleared.class, c -> c.callId().equals(callId));
        assertThat(h.server.received(RecordingStarted.class)).isEmpty();
        assertThat(h.gateway.registry().scrape()).contains("recordings_skipped_total{reason=\"disk_floor\"} 1.0");
        try (var files = Files.walk(h.dataDir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".ctirec")).count()).isZero();
        }
    }
}
