package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.AcknowledgeRecordings;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.CallState;
import dev.cti.link.message.DiskState;
import dev.cti.link.message.RecordingDiskStatus;
import dev.cti.link.message.RecordingSkipReason;
import dev.cti.link.message.RecordingSkipped;
import dev.cti.link.message.RecordingSpan;
import dev.cti.link.message.RecordingStarted;
import dev.cti.link.message.RecordingStatus;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.TransferOutcome;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.store.CallTimeline;
import dev.cti.server.store.Database;
import dev.cti.server.store.RecordingRow;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The recording index fed by a scripted gateway over the real CTI link into the real server: repeats are no-ops,
 * the acknowledgement comes only after the row is committed, a row that cannot be committed is never acknowledged,
 * a snapshot's recorded calls are adopted, skips are kept, and the disk alert is pushed and measured.
 */
class RecordingIndexTest extends ScriptedGatewayApiBase {
    static final String R1 = "20261207-5f0c2a9e41d84b6c9d3e7f1a2b3c4d5e";
    static final String R2 = "20261207-00000000000000000000000000000002";
    static final String R3 = "20261207-00000000000000000000000000000003";

    static RecordingStopped stopped(String id, String callId, long startedAt) {
        return new RecordingStopped(id, callId, "2026/12/07/" + id + ".ctirec", RecordingStatus.COMPLETE, null,
                startedAt, 40_000, 1_281_056, "9f2c7a0b5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a49",
                "k-20261207-3fa1", 8000, 2, List.of(new RecordingSpan(12_000, 19_500)),
                List.of(new RecordingSpan(10_000, 25_000)), startedAt + 40_100);
    }

    private Optional<RecordingRow> row(String id) throws Exception {
        return server.recordings().store().find(id).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** The row's status as another connection sees it: only what is committed. */
    private Optional<String> committedStatus(String id) throws Exception {
        Database db = server.store().database();
        try (Connection c = DriverManager.getConnection(db.url(), db.user().orElse(null), db.password().orElse(null));
             PreparedStatement ps = c.prepareStatement("SELECT status FROM recordings WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private double indexed(String status) {
        var c = server.meters().find("cti.recordings.indexed").tag("status", status).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void a_recording_is_indexed_once_and_acknowledged_only_once_committed_however_often_it_comes() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        gateway.send(new RecordingStarted(R1, "c-1", "2026/12/07/" + R1 + ".ctirec", t0));
        await().atMost(Duration.ofSeconds(5)).until(() -> row(R1).isPresent());
        assertThat(row(R1).orElseThrow().status()).isEqualTo(RecordingRow.Status.IN_PROGRESS);

        gateway.send(stopped(R1, "c-1", t0));
        gateway.await(AcknowledgeRecordings.class, a -> a.recordingIds().contains(R1));
        // the ack is out: the row is committed (another connection sees it), with its final metadata
        assertThat(committedStatus(R1)).contains("COMPLETE");
        RecordingRow r = row(R1).orElseThrow();
        assertThat(r.durationMillis()).contains(40_000L);
        assertThat(r.holds()).containsExactly(new RecordingRow.Span(10_000, 25_000));

        // the gateway's outbox sends it again after a reconnection: a no-op, acknowledged again
        Vertx other = Vertx.vertx();
        try (ScriptedGatewayPeer again = reconnectGateway(other)) {
            again.handshake("gw", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));
            again.send(stopped(R1, "c-1", t0));
            again.send(stopped(R1, "c-1", t0));
            again.awaitCount(AcknowledgeRecordings.class, 2);
        } finally {
            other.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        assertThat(indexed("IN_PROGRESS")).isEqualTo(1);
        assertThat(indexed("COMPLETE")).isEqualTo(1);
        assertThat(server.recordings().store().ofCall("c-1").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS)).hasSize(1);
    }

    @Test
    void a_row_that_cannot_be_committed_is_never_acknowledged() throws Exception {
        long t0 = System.currentTimeMillis();
        gateway.send(stopped(R2, "c".repeat(65), t0)); // the call id does not fit: the insert fails
        gateway.send(stopped(R3, "c-3", t0));
        // events are applied in order and the store runs its writes in order: R3's ack means R2 was tried
        gateway.await(AcknowledgeRecordings.class, a -> a.recordingIds().contains(R3));
        assertThat(gateway.received(AcknowledgeRecordings.class))
                .noneMatch(a -> a.recordingIds().contains(R2));
        assertThat(committedStatus(R2)).isEmpty();
    }

    @Test
    void recorded_calls_of_a_snapshot_that_the_index_lacks_get_an_in_progress_row() throws Exception {
        long now = System.currentTimeMillis();
        Snapshot.CallSnapshot recorded = new Snapshot.CallSnapshot("c-7", CallState.CONNECTED, "service", "1001",
                "1001", "13812345678", now - 30_000, now - 20_000, null)
                .withRecording(new Snapshot.RecordingSnapshot(R3, true));
        Vertx other = Vertx.vertx();
        try (ScriptedGatewayPeer again = reconnectGateway(other)) {
            again.handshake("gw", new Snapshot(List.of(recorded), List.of(), now));
            await().atMost(Duration.ofSeconds(5)).until(() -> row(R3).isPresent());
            RecordingRow r = row(R3).orElseThrow();
            assertThat(r.status()).isEqualTo(RecordingRow.Status.IN_PROGRESS);
            assertThat(r.callId()).isEqualTo("c-7");
            assertThat(r.agentId()).contains("1001");
            assertThat(r.file()).isEqualTo("2026/12/07/" + R3 + ".ctirec"); // the gateway's layout, from the id
            // the pause button's state comes from the snapshot too
            String admin = login("admin", "demo-admin");
            await().atMost(Duration.ofSeconds(5)).until(() -> get("/api/calls/c-7/recording", admin).statusCode() == 200);
            assertThat(new JsonObject(get("/api/calls/c-7/recording", admin).body()))
                    .isEqualTo(new JsonObject().put("callId", "c-7").put("recordingId", R3).put("state", "paused"));
            // the same snapshot again adopts nothing new
            again.send(new Snapshot(List.of(recorded), List.of(), now + 1000));
            again.send(new RecordingSkipped("c-8", RecordingSkipReason.DISK_FLOOR, now)); // a marker after it
            await().atMost(Duration.ofSeconds(5)).until(() -> server.recordings().store().skipReason("c-8")
                    .toCompletionStage().toCompletableFuture().get().isPresent());
            assertThat(indexed("IN_PROGRESS")).isEqualTo(1);
        } finally {
            other.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_snapshot_that_names_the_file_and_the_start_is_indexed_with_them_not_with_guesses() throws Exception {
        long now = System.currentTimeMillis();
        long audioStart = now - 19_250; // the recording began 750 ms after the answer (file creation, say)
        String file = "elsewhere/" + R3 + ".ctirec"; // not the layout the id would suggest
        Snapshot.CallSnapshot recorded = new Snapshot.CallSnapshot("c-6", CallState.CONNECTED, "service", "1001",
                "1001", "13812345678", now - 30_000, now - 20_000, null)
                .withRecording(new Snapshot.RecordingSnapshot(R3, false, file, audioStart));
        Vertx other = Vertx.vertx();
        try (ScriptedGatewayPeer again = reconnectGateway(other)) {
            again.handshake("gw", new Snapshot(List.of(recorded), List.of(), now));
            await().atMost(Duration.ofSeconds(5)).until(() -> row(R3).isPresent());
            RecordingRow r = row(R3).orElseThrow();
            assertThat(r.file()).isEqualTo(file);
            assertThat(r.startedAt()).isEqualTo(Instant.ofEpochMilli(audioStart));
            assertThat(r.status()).isEqualTo(RecordingRow.Status.IN_PROGRESS);
        } finally {
            other.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void why_a_call_is_not_recorded_is_kept() throws Exception {
        gateway.send(new RecordingSkipped("c-9", RecordingSkipReason.NOT_SAMPLED, System.currentTimeMillis()));
        gateway.send(new RecordingSkipped("c-9", RecordingSkipReason.NOT_SAMPLED, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.recordings().store().skipReason("c-9")
                .toCompletionStage().toCompletableFuture().get().equals(Optional.of("NOT_SAMPLED")));
    }

    @Test
    void a_transfer_is_kept_for_the_call_timeline() throws Exception {
        long at = System.currentTimeMillis();
        gateway.send(new CallTransferred("c-t", "1001", TargetKind.NUMBER, "13912345678", TransferOutcome.COMPLETED,
                at));
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.recordings().timelines().timeline("c-t")
                .toCompletionStage().toCompletableFuture().get().transfers().isEmpty());
        assertThat(server.recordings().timelines().timeline("c-t").toCompletionStage().toCompletableFuture().get()
                .transfers()).containsExactly(new CallTimeline.Transfer(Optional.of("1001"), "NUMBER", "13912345678",
                "COMPLETED", java.time.Instant.ofEpochMilli(at)));
    }

    @Test
    void the_disk_under_its_floor_raises_a_pushed_alert_and_a_gauge_and_clears_them() throws Exception {
        String supervisor = login("supervisor", "demo-supervisor");
        String agent = login("1001", "demo-1001");
        Events supervisorEvents = events(supervisor);
        Events agentEvents = events(agent);
        assertThat(new JsonObject(get("/api/recordings/disk", supervisor).body()).getValue("disk")).isNull();
        gauge(0);

        gateway.send(new RecordingDiskStatus(DiskState.BELOW_FLOOR, 512L << 20, 1024L << 20,
                System.currentTimeMillis()));
        JsonObject below = supervisorEvents.next(e -> "recording-disk".equals(e.getString("type")),
                Duration.ofSeconds(5));
        assertThat(below.getJsonObject("disk").getString("state")).isEqualTo("BELOW_FLOOR");
        assertThat(below.getJsonObject("disk").getBoolean("belowFloor")).isTrue();
        assertThat(below.getJsonObject("disk").getLong("freeBytes")).isEqualTo(512L << 20);
        gauge(1);
        assertThat(server.meters().get("cti.recording.disk.free").gauge().value()).isEqualTo((double) (512L << 20));
        JsonObject rest = new JsonObject(get("/api/recordings/disk", supervisor).body()).getJsonObject("disk");
        assertThat(rest.getString("state")).isEqualTo("BELOW_FLOOR");
        assertThat(get("/api/recordings/disk", agent).statusCode()).isEqualTo(403);

        gateway.send(new RecordingDiskStatus(DiskState.OK, 2048L << 20, 1024L << 20, System.currentTimeMillis()));
        JsonObject ok = supervisorEvents.next(e -> "recording-disk".equals(e.getString("type")), Duration.ofSeconds(5));
        assertThat(ok.getJsonObject("disk").getBoolean("belowFloor")).isFalse();
        gauge(0);
        assertThat(agentEvents.drained("recording-disk")).isEmpty();
    }

    private void gauge(double expected) {
        assertThat(server.meters().get("cti.recording.disk.below.floor").gauge().value()).isEqualTo(expected);
    }
}
