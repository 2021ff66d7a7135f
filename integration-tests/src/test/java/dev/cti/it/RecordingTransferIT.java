package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Api;
import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.it.stack.StereoWav;
import dev.cti.protocol.audio.Goertzel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording follows the call, not the leg (issue 12; Asterisk's MixMonitor loses a side after a blind transfer):
 * customer 440 Hz talks to agent 1001 (880 Hz), whose phone blind-transfers the call (REFER) to the service queue,
 * where agent 1002 (1320 Hz) takes it; then the supervisor takes the call over from 1002 (their seat 9001,
 * 1760 Hz). One recording for the whole call; in the WAV the API returns the right channel has 880, then 1320, then
 * 1760 Hz, each alone, and the left channel the customer throughout. The timeline lines up with the audio: the
 * transfer's offset (a time the gateway stamped) is where the first agent's voice stops in the file, within 100 ms.
 */
class RecordingTransferIT {
    private static final Duration T = Duration.ofSeconds(15);
    private static final int CUSTOMER = 440;
    private static final int AGENT = 880;
    private static final int AGENT2 = 1320;
    private static final int SUPERVISOR = 1760;
    private static final double DEAF = 0.05;
    /** 25 ms blocks, Goertzel bins 40 Hz apart: all four tones fall on a bin. */
    private static final int BLOCK = 200;
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void oneRecordingHasTheFirstAgentThenTheSecondThenTheSupervisorAndTheTransferWhereTheVoiceChanges()
            throws Exception {
        stack = Stack.start(dir, Map.of());
        Seat first = stack.seat("1001", AGENT, 300);
        Seat second = stack.seat("1002", AGENT2, 300);
        Seat supervisor = stack.seat("9001", "supervisor", "demo-supervisor", SUPERVISOR, -1);
        Api boss = stack.api("supervisor");
        assertThat(first.run("ready").getString("state")).isEqualTo("READY");

        Caller caller = stack.caller("13812345678", CUSTOMER);
        caller.dial("4008001000");
        String callId = first.events().await("script", T).getString("callId");
        first.events().awaitState("ON_CALL", T);
        caller.events().await("answered", T);
        String id = await("the call is recorded").atMost(T)
                .until(() -> boss.get("/api/calls/" + callId + "/recording").body(),
                        b -> "recording".equals(b.getString("state"))).getString("recordingId");
        Audio.next(caller, 300, 2.0);

        // blind transfer from the first agent's phone to the queue; the second agent takes the call
        assertThat(second.run("ready").getString("state")).isEqualTo("READY");
        assertThat(first.run("transfer 4008001000").getString("event")).isEqualTo("ok");
        first.events().awaitState("WRAP_UP", T);
        second.events().await("answered", T);
        second.events().awaitState("ON_CALL", T);
        Audio.next(caller, 500, 2.0);

        // the supervisor takes the call over from the second agent
        Api.Reply takeOver = boss.post("/api/monitors", new JsonObject().put("agentId", "1002").put("mode", "takeover"));
        assertThat(takeOver.status()).as(takeOver.body().encode()).isEqualTo(201);
        supervisor.events().await("answered", T);
        Instant supervisorAnswered = Instant.now();
        second.events().await("hangup", T);
        Audio.next(caller, 700, 2.0);
        caller.hangup();

        JsonObject rec = await("the recording indexed COMPLETE").atMost(T)
                .until(() -> boss.get("/api/recordings/" + id).body(), b -> b.containsKey("recording")
                        && "COMPLETE".equals(b.getJsonObject("recording").getString("status")));
        JsonObject meta = rec.getJsonObject("recording");
        assertThat(meta.getString("callId")).isEqualTo(callId);
        List<JsonObject> ofCall = boss.get("/api/recordings?queue=service").body().getJsonArray("recordings").stream()
                .map(o -> (JsonObject) o).filter(o -> callId.equals(o.getString("callId"))).toList();
        assertThat(ofCall).as("one recording for the whole call").extracting(o -> o.getString("id"))
                .containsExactly(id);
        try (Stream<Path> files = Files.walk(Path.of(stack.config().recordingDirectory()))) {
            assertThat(files.filter(p -> p.toString().endsWith(".ctirec")).count()).as("one file").isEqualTo(1);
        }

        JsonArray timeline = rec.getJsonArray("timeline");
        JsonObject transferred = entry(timeline, "transferred", e -> true);
        assertThat(transferred.getString("kind")).isEqualTo("queue");
        assertThat(transferred.getString("agentId")).isEqualTo("1001");
        long transferAt = transferred.getLong("offsetMillis");
        long secondAnswered = entry(timeline, "answered", e -> "1002".equals(e.getString("agentId")))
                .getLong("offsetMillis");
        long takeOverAsked = entry(timeline, "monitor", e -> "start".equals(e.getString("action")))
                .getLong("offsetMillis");
        long takenOver = Duration.between(Instant.parse(meta.getString("startedAt")), supervisorAnswered).toMillis();
        long end = meta.getLong("durationMillis");

        StereoWav wav = StereoWav.parse(boss.getBytes("/api/recordings/" + id + "/audio").body());
        assertThat(wav.durationMillis()).isEqualTo(end);
        side(wav, "first agent", 300, transferAt - 150, AGENT);
        side(wav, "second agent after the transfer", secondAnswered + 500, takeOverAsked - 100, AGENT2);
        side(wav, "the supervisor after the take-over", takenOver + 700, end - 300, SUPERVISOR);

        // the timeline's transfer offset is where the first agent's voice stops in the audio
        long lastAgentBlockEnd = lastBlockEnd(wav.agentSide(0, end), AGENT, transferAt + 1000);
        assertThat(lastAgentBlockEnd).as("the first agent's voice ends at the transfer's offset " + transferAt
                + " ms (a time the gateway stamped), within 100 ms").isBetween(transferAt - 100, transferAt + 100);
    }

    /** Over [from, to) ms: the customer alone on the left, {@code hz} alone on the right. */
    private static void side(StereoWav wav, String what, long from, long to, int hz) {
        assertThat(to - from).as(what + ": a window of at least 500 ms").isGreaterThanOrEqualTo(500);
        short[] l = wav.customer(from, to);
        short[] r = wav.agentSide(from, to);
        assertThat(Audio.share(l, CUSTOMER)).as(what + ": the customer on the left").isGreaterThan(Audio.HEARS);
        assertThat(Audio.share(r, hz)).as(what + ": " + hz + " Hz on the right").isGreaterThan(Audio.HEARS);
        for (int other : List.of(CUSTOMER, AGENT, AGENT2, SUPERVISOR)) {
            if (other != hz) {
                assertThat(Audio.share(r, other)).as(what + ": no " + other + " Hz on the right").isLessThan(DEAF);
            }
            if (other != CUSTOMER) {
                assertThat(Audio.share(l, other)).as(what + ": no " + other + " Hz on the left").isLessThan(DEAF);
            }
        }
    }

    /** The end (ms) of the last 25 ms block before {@code beforeMillis} where {@code hz} is most of the energy. */
    private static long lastBlockEnd(short[] channel, int hz, long beforeMillis) {
        long last = -1;
        for (int from = 0; from + BLOCK <= channel.length && from * 1000L / StereoWav.RATE < beforeMillis;
             from += BLOCK) {
            double energy = 0;
            for (int i = from; i < from + BLOCK; i++) {
                energy += (double) channel[i] * channel[i];
            }
            double tone = Goertzel.power(channel, from, BLOCK, hz, StereoWav.RATE);
            if (energy > 0 && tone / (BLOCK * energy / 2) > 0.5) {
                last = (from + BLOCK) * 1000L / StereoWav.RATE;
            }
        }
        return last;
    }

    private static JsonObject entry(JsonArray timeline, String type, java.util.function.Predicate<JsonObject> which) {
        return timeline.stream().map(o -> (JsonObject) o).filter(e -> type.equals(e.getString("type")))
                .filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " entry in the timeline " + timeline.encode()));
    }
}
