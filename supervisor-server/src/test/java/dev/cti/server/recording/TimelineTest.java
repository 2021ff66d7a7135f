package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.CallTimeline;
import dev.cti.server.store.HoldThresholdCrossing;
import dev.cti.server.store.RecordingRow;
import dev.cti.server.store.ScriptShown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A call's stored events aligned to its recording's time 0, in order, numbers masked. */
class TimelineTest {
    private static final Instant T = Instant.parse("2026-12-07T08:00:00Z");
    /** The audio began when the call was answered, 20 s after it arrived. */
    private static final Instant ZERO = T.plusSeconds(20);

    @Test
    void every_kind_of_event_lands_at_its_offset_from_the_audio() {
        RecordingRow rec = new RecordingRow("r", "c-1", Optional.of("1001"), "r.ctirec", ZERO,
                Optional.of(ZERO.plusSeconds(100)), Optional.of(100_000L), Optional.of(2), Optional.of(8000),
                Optional.of(1L), Optional.of("ab"), Optional.of("k"), RecordingRow.Status.COMPLETE, Optional.empty(),
                ZERO, Optional.empty(),
                List.of(new RecordingRow.Pause(40_000, Optional.of(45_000L), Optional.of("1001"),
                        Optional.of("supervisor"))),
                List.of(new RecordingRow.Span(10_000, 75_000)));
        CallRecord call = new CallRecord("c-1", CallRecord.Direction.INBOUND, Optional.of("service"),
                Optional.of("13812345678"), Optional.empty(), Optional.of("1002"), CallRecord.Outcome.ANSWERED,
                Duration.ofSeconds(8), Duration.ofSeconds(12), Duration.ofSeconds(35), Duration.ofSeconds(65),
                Duration.ZERO, Optional.of("resolved"), Optional.empty(), T, Optional.of(ZERO),
                Optional.of(ZERO.plusSeconds(100)));
        CallTimeline t = new CallTimeline(Optional.of(call),
                List.of(new CallTimeline.AgentStep("1001", "CALL_OFFERED", "RESERVED", T.plusSeconds(2)),
                        new CallTimeline.AgentStep("1001", "RING_NO_ANSWER", "NOT_READY", T.plusSeconds(7)),
                        new CallTimeline.AgentStep("1002", "CALL_OFFERED", "RESERVED", T.plusSeconds(8)),
                        new CallTimeline.AgentStep("1002", "ANSWERED", "ON_CALL", ZERO)),
                List.of(new CallTimeline.Hold(Optional.of("1002"), ZERO.plusSeconds(10),
                        Optional.of(ZERO.plusSeconds(75)))),
                List.of(new HoldThresholdCrossing("c-1", "1002", 60, ZERO.plusSeconds(70))),
                List.of(new ScriptShown(Optional.of("c-1"), "1002", "service-inbound", Optional.of("greeting"),
                        "zh-CN", T.plusSeconds(8)),
                        new ScriptShown(Optional.of("c-1"), "1002", "service-inbound",
                                Optional.of("wait-reassurance"), "zh-CN", ZERO.plusSeconds(20), "prompt")),
                List.of(new CallTimeline.Transfer(Optional.of("1002"), "NUMBER", "13912345678", "FAILED",
                        ZERO.plusSeconds(90))),
                List.of(new AuditEntry("supervisor", "monitor-start", Optional.of("1002"), Optional.of("c-1"),
                        Optional.of("mode=listen"), ZERO.plusSeconds(30))),
                List.of(new CallTimeline.WrapUp("1002", "resolved", ZERO.plusSeconds(110))));

        JsonArray timeline = Timeline.of(rec, t);
        assertThat(timeline.stream().map(o -> ((JsonObject) o).getString("type") + "@"
                + ((JsonObject) o).getLong("offsetMillis")).toList()).containsExactly(
                "offered@-20000", "ringing@-18000", "ring-failed@-13000", "ringing@-12000", "script@-12000",
                "answered@0", "hold@10000", "script@20000", "monitor@30000", "recording-paused@40000", "recording-resumed@45000",
                "hold-threshold@70000", "resume@75000", "transferred@90000", "ended@100000", "wrap-up@110000");
        JsonObject failed = timeline.getJsonObject(2);
        assertThat(failed.getString("reason")).isEqualTo("no-answer");
        assertThat(failed.getString("agentId")).isEqualTo("1001");
        assertThat(timeline.getJsonObject(4).getString("kind")).as("the greeting step shown").isEqualTo("step");
        assertThat(timeline.getJsonObject(6).getLong("durationMillis")).isEqualTo(65_000);
        // the 10 s hold phrase the desktop put up, with its kind, inside the hold
        assertThat(timeline.getJsonObject(7).getString("stepId")).isEqualTo("wait-reassurance");
        assertThat(timeline.getJsonObject(7).getString("kind")).isEqualTo("prompt");
        assertThat(timeline.getJsonObject(8).getString("supervisor")).isEqualTo("supervisor");
        assertThat(timeline.getJsonObject(8).getString("action")).isEqualTo("start");
        assertThat(timeline.getJsonObject(9).getString("by")).isEqualTo("1001");
        assertThat(timeline.getJsonObject(10).getString("by")).isEqualTo("supervisor");
        assertThat(timeline.getJsonObject(11).getInteger("thresholdSeconds")).isEqualTo(60);
        assertThat(timeline.getJsonObject(13).getString("target")).isEqualTo("139****5678");
        assertThat(timeline.encode()).doesNotContain("13912345678").doesNotContain("13812345678");
        assertThat(timeline.getJsonObject(14).getString("outcome")).isEqualTo("ANSWERED");
    }
}
