package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Api;
import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.it.stack.StereoWav;
import dev.cti.server.agent.AgentState;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety through the real stack (issue 12): the gateway runs as its own process (GatewayMain, as
 * {@code bin/cti} starts it) beside the real server; a call (customer 440 Hz, agent 1001 880 Hz) is recorded, and
 * while it is written the API already plays what is on disk. Then the gateway is killed with SIGKILL mid-call and
 * started again on the same data directory: it repairs the recording, its outbox sends the PARTIAL metadata after
 * the link comes up, and the server indexes it with its true length (whole seconds, no more than the call lasted)
 * and plays it through the API, the customer on the left and the agent on the right. The server has ended the call
 * the new gateway does not know, so the agent is not left on it.
 */
class RecordingCrashIT {
    private static final Duration T = Duration.ofSeconds(20);
    private static final int CUSTOMER = 440;
    private static final int AGENT = 880;
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void aRecordingCutByKillMinus9IsIndexedPartialWithItsTrueLengthAndPlays() throws Exception {
        stack = Stack.startWithoutGateway(dir, Map.of(), Map.of());
        stack.startGatewayProcess();
        Seat agent = stack.seat("1001", AGENT, 300);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");
        Caller caller = stack.caller("13812345678", CUSTOMER);
        caller.dial("4008001000");
        String callId = agent.events().await("script", T).getString("callId");
        agent.events().awaitState("ON_CALL", T);
        caller.events().await("answered", T);
        Api qa = stack.api("inspector");
        Api boss = stack.api("supervisor");
        String id = await("the call is recorded").atMost(T)
                .until(() -> boss.get("/api/calls/" + callId + "/recording").body(),
                        b -> "recording".equals(b.getString("state"))).getString("recordingId");
        Audio.next(caller, 0, 2.0);

        // while it is being written, the API plays what is on disk
        JsonObject inProgress = qa.get("/api/recordings/" + id).body().getJsonObject("recording");
        assertThat(inProgress.getString("status")).isEqualTo("IN_PROGRESS");
        Api.Binary sofar = qa.getBytes("/api/recordings/" + id + "/audio");
        assertThat(sofar.status()).isEqualTo(200);
        assertThat(StereoWav.parse(sofar.body()).durationMillis()).as("the whole seconds written so far")
                .isGreaterThanOrEqualTo(1000).isEqualTo(StereoWav.parse(sofar.body()).durationMillis() / 1000 * 1000);
        Audio.next(caller, 0, 1.2);

        Instant killedAt = Instant.now();
        stack.killGatewayProcess(); // SIGKILL: no shutdown hook, no final chunk, no RecordingStopped
        stack.awaitLinkDown();
        stack.startGatewayProcess(); // the same configuration and data directory

        JsonObject partial = await("the repaired recording indexed PARTIAL").atMost(T)
                .until(() -> qa.get("/api/recordings/" + id).body().getJsonObject("recording"),
                        r -> r != null && "PARTIAL".equals(r.getString("status")));
        Instant answeredAt = Instant.parse(partial.getString("startedAt"));
        long duration = partial.getLong("durationMillis");
        assertThat(duration % 1000).as("whole chunks only").isZero();
        assertThat(duration).as("up to the last second written, no more than the call lasted")
                .isBetween(2000L, Duration.between(answeredAt, killedAt).toMillis() + 500);
        Path file = Path.of(stack.config().recordingDirectory()).resolve(partial.getString("file"));
        byte[] onDisk = Files.readAllBytes(file);
        assertThat((long) onDisk.length).as("the torn tail was cut").isEqualTo(partial.getLong("sizeBytes"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onDisk)))
                .isEqualTo(partial.getString("sha256"));

        StereoWav wav = StereoWav.parse(qa.getBytes("/api/recordings/" + id + "/audio").body());
        assertThat(wav.durationMillis()).isEqualTo(duration);
        short[] left = wav.customer(300, duration - 100);
        short[] right = wav.agentSide(300, duration - 100);
        assertThat(Audio.share(left, CUSTOMER)).as("the customer on the left").isGreaterThan(Audio.HEARS);
        assertThat(Audio.share(left, AGENT)).as("no agent on the left").isLessThan(0.05);
        assertThat(Audio.share(right, AGENT)).as("the agent on the right").isGreaterThan(Audio.HEARS);
        assertThat(Audio.share(right, CUSTOMER)).as("no customer on the right").isLessThan(0.05);

        // the new gateway's snapshot does not have the call: the server ended it, the agent is not stuck on it
        await("1001 released from the call the gateway lost").atMost(T)
                .until(() -> stack.agent("1001").state() != AgentState.ON_CALL);
        assertThat(stack.server().meters().scrape())
                .contains("cti_recordings_indexed_total{status=\"PARTIAL\"} 1.0");
    }
}
