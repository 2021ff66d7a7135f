package dev.cti.it.peers;

import static dev.cti.it.stack.Audio.HEARS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.it.stack.Api;
import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Stack;
import dev.cti.it.stack.StereoWav;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.AuditEntry;
import dev.cti.testpeers.Baresip;
import dev.cti.testpeers.Wav;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's recording chain through the real stack with real phones: baresip as the customer (440 Hz) and as agent
 * 1001's desk phone (880 Hz), the real gateway recording, the real server indexing it from the CTI link and serving
 * it. The call has a hold from the agent's phone and a pause from the API as the agent. Then, only through the API as
 * the QA user, the recording is found by queue, agent, outcome, wrap-up and hold; its metadata has the true duration,
 * the file's SHA-256 and size, the hold and the pause with who paused and resumed; the WAV the API returns (whole,
 * and a middle part with Range: 206, and through a player's ticket) has, by Goertzel, the customer and never the
 * agent on the left, the agent and never the customer on the right, the hold music on the right during the hold and
 * digital silence on both during the pause. Every playback is in the audit log (downloads per request, a ticket once)
 * and so are refusals (the call's own agent and another agent, {@code agentsHearOwnCalls: false}). The file on disk
 * is no WAV and has no tone; a server whose key file has another key under the same id answers
 * {@code 500 recording_key_mismatch}.
 */
class RecordingPlaybackIT {
    private static final Duration T = Duration.ofSeconds(20);
    private static final int CUSTOMER = 440;
    private static final int AGENT = 880;
    private static final double DEAF = 0.05;
    @TempDir
    Path dir;
    private Stack stack;
    private Baresip agentPhone;
    private Baresip customer;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {customer, agentPhone, stack}) {
            if (c != null) c.close();
        }
    }

    @Test
    void aRecordedCallIsFoundPlayedByChannelAuditedAndUnreadableWithoutItsKey() throws Exception {
        Baresip.require();
        stack = Stack.start(dir, Map.of(), SipEndpoint.Options.defaults().withMd5OnlyUserAgents(List.of("baresip")));
        int gw = stack.config().network().sip().udpPort();
        String domain = stack.config().network().sip().domain();
        agentPhone = Baresip.start(dir.resolve("agent"), "<sip:1001@" + domain + ">;auth_pass=demo-sip-1001"
                + ";outbound=\"sip:127.0.0.1:" + gw + "\";regint=600;answermode=auto;audio_codecs=PCMU",
                Wav.tone(dir.resolve("agent-880.wav"), AGENT, 120));
        try {
            await("1001 registered").atMost(T).until(() -> stack.server().calls().registeredExtensions()
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).contains("1001"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n---- baresip.log\n" + agentPhone.log(), e);
        }
        Api agent = stack.api("1001");
        assertThat(agent.post("/api/agents/1001/state", new JsonObject().put("state", "LOGGED_IN")).status())
                .isEqualTo(200);
        assertThat(agent.post("/api/agents/1001/state", new JsonObject().put("state", "READY")).status())
                .isEqualTo(200);

        customer = Baresip.start(dir.resolve("customer"), "<sip:13800000004@127.0.0.1>;regint=0;audio_codecs=PCMU",
                Wav.tone(dir.resolve("customer-440.wav"), CUSTOMER, 120));
        customer.command("dial", "sip:4008001000@127.0.0.1:" + gw);
        agentPhone.awaitEvent("CALL_ESTABLISHED", T);
        await("1001 on the call").atMost(T).until(() -> stack.agent("1001").state() == AgentState.ON_CALL);
        String callId = stack.agent("1001").callId().orElseThrow();
        JsonObject live = await("the call is being recorded").atMost(T)
                .until(() -> agent.get("/api/calls/" + callId + "/recording").body(),
                        b -> "recording".equals(b.getString("state")));
        String id = live.getString("recordingId");
        next(2.0);

        // a hold from the agent's phone (re-INVITE): the customer hears the music
        agentPhone.command("hold", "");
        await("the server sees the hold").atMost(T).until(() -> stack.agent("1001").held());
        next(2.2);
        agentPhone.command("resume", "");
        await("the server sees the resume").atMost(T).until(() -> !stack.agent("1001").held());
        next(1.5);

        // a pause from the API as the agent (the customer reads a card number)
        Api.Reply paused = agent.post("/api/calls/" + callId + "/recording/pause", new JsonObject());
        assertThat(paused.status()).as(paused.body().encode()).isEqualTo(200);
        assertThat(paused.body().getString("state")).isEqualTo("paused");
        next(1.5);
        Api.Reply resumed = agent.post("/api/calls/" + callId + "/recording/resume", new JsonObject());
        assertThat(resumed.status()).as(resumed.body().encode()).isEqualTo(200);
        next(1.5);

        customer.command("hangup", "");
        await("1001 in wrap-up").atMost(T).until(() -> stack.agent("1001").state() == AgentState.WRAP_UP);
        assertThat(agent.post("/api/agents/1001/wrapup", new JsonObject().put("code", "resolved")).status())
                .isEqualTo(200);

        // ---- the index, through the API as the QA user
        Api qa = stack.api("inspector");
        JsonObject rec = await("the recording indexed COMPLETE").atMost(T)
                .until(() -> qa.get("/api/recordings/" + id).body(), b -> b.containsKey("recording")
                        && "COMPLETE".equals(b.getJsonObject("recording").getString("status"))
                        && b.getJsonObject("recording").containsKey("call")
                        && b.getJsonObject("recording").getJsonObject("call").containsKey("endedAt"));
        JsonObject meta = rec.getJsonObject("recording");
        assertThat(meta.getString("callId")).isEqualTo(callId);
        assertThat(meta.getString("agentId")).isEqualTo("1001");
        assertThat(meta.getInteger("channels")).isEqualTo(2);
        assertThat(meta.getInteger("sampleRate")).isEqualTo(8000);

        assertThat(found(qa, "queue=service&agent=1001&outcome=ANSWERED")).contains(id);
        assertThat(found(qa, "wrapUpCode=resolved&minHoldSeconds=2")).contains(id);
        assertThat(found(qa, "queue=sales")).doesNotContain(id);
        assertThat(found(qa, "agent=1002")).doesNotContain(id);
        assertThat(found(qa, "outcome=ABANDONED")).doesNotContain(id);
        assertThat(found(qa, "minHoldSeconds=60")).doesNotContain(id);

        // the true duration: the call's answered-to-hang-up span, and exactly what the WAV plays
        JsonObject cdr = meta.getJsonObject("call");
        long callMillis = Duration.between(Instant.parse(cdr.getString("answeredAt")),
                Instant.parse(cdr.getString("endedAt"))).toMillis();
        long duration = meta.getLong("durationMillis");
        assertThat(duration).as("recorded from the answer to the hang-up").isBetween(callMillis - 500, callMillis + 500);
        assertThat(Instant.parse(meta.getString("startedAt")))
                .as("audio time 0 is the answer").isBetween(Instant.parse(cdr.getString("answeredAt")).minusMillis(50),
                        Instant.parse(cdr.getString("answeredAt")).plusMillis(500));

        // the file the index names: its size and SHA-256
        Path file = Path.of(stack.config().recordingDirectory()).resolve(meta.getString("file"));
        byte[] onDisk = Files.readAllBytes(file);
        assertThat((long) onDisk.length).isEqualTo(meta.getLong("sizeBytes"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onDisk)))
                .isEqualTo(meta.getString("sha256"));

        // the spans: one hold, one pause with who
        JsonArray holds = meta.getJsonArray("holdSpans");
        assertThat(holds).hasSize(1);
        long holdFrom = holds.getJsonObject(0).getLong("startMillis");
        long holdTo = holds.getJsonObject(0).getLong("endMillis");
        assertThat(holdTo - holdFrom).as("the hold lasted about 2.5 s").isBetween(1800L, 4000L);
        JsonArray pauses = meta.getJsonArray("pausedSpans");
        assertThat(pauses).hasSize(1);
        JsonObject pause = pauses.getJsonObject(0);
        long pauseFrom = pause.getLong("startMillis");
        long pauseTo = pause.getLong("endMillis");
        assertThat(pauseFrom).isEqualTo(paused.body().getLong("offsetMillis"));
        assertThat(pauseTo).isEqualTo(resumed.body().getLong("offsetMillis"));
        assertThat(pause.getString("pausedBy")).isEqualTo("1001");
        assertThat(pause.getString("resumedBy")).isEqualTo("1001");
        assertThat(holdTo).isLessThan(pauseFrom);
        List<String> types = rec.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("type"))
                .toList();
        assertThat(types).containsSubsequence("offered", "answered", "hold", "resume", "recording-paused",
                "recording-resumed", "ended", "wrap-up");

        // ---- the audio, as a download with the bearer token (audited per request)
        Api.Binary whole = qa.getBytes("/api/recordings/" + id + "/audio");
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.header("Content-Type")).isEqualTo("audio/wav");
        assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
        StereoWav wav = StereoWav.parse(whole.body());
        assertThat(wav.durationMillis()).isEqualTo(duration);
        channels(wav, "talking before the hold", 300, holdFrom - 100, AGENT);
        short[] heldRight = wav.agentSide(holdFrom + 300, holdTo - 100);
        assertThat(Audio.share(heldRight, AGENT)).as("no agent on the right during the hold").isLessThan(DEAF);
        assertThat(Audio.share(heldRight, CUSTOMER)).as("no customer on the right during the hold").isLessThan(DEAF);
        assertThat(Audio.rms(heldRight)).as("the hold music on the right, what the customer heard").isGreaterThan(200);
        assertThat(Audio.share(wav.customer(holdFrom + 300, holdTo - 100), CUSTOMER)).as("customer during the hold")
                .isGreaterThan(HEARS);
        channels(wav, "talking after the hold", holdTo + 400, pauseFrom - 100, AGENT);
        assertThat(Audio.rms(wav.customer(pauseFrom + 1, pauseTo))).as("left silent while paused").isZero();
        assertThat(Audio.rms(wav.agentSide(pauseFrom + 1, pauseTo))).as("right silent while paused").isZero();
        channels(wav, "talking after the resume", pauseTo + 300, duration - 300, AGENT);

        // a middle part with Range: 206, the same bytes as the whole file's
        int first = 44 + 32_000 + 12; // inside the second second, not on a frame boundary
        int last = first + 16_000 - 1;
        Api.Binary part = qa.getBytes("/api/recordings/" + id + "/audio", "Range", "bytes=" + first + "-" + last);
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + whole.body().length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(whole.body(), first, last + 1));

        // a player: a ticket (audited once), then Range requests with no header at all
        Api.Reply ticket = qa.post("/api/recordings/" + id + "/ticket", new JsonObject());
        assertThat(ticket.status()).isEqualTo(201);
        String url = ticket.body().getString("audioUrl");
        Api.Binary played = qa.getBytesWithoutLogin(url, "Range", "bytes=0-43");
        assertThat(played.status()).isEqualTo(206);
        assertThat(played.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 0, 44));
        assertThat(qa.getBytesWithoutLogin(url.replace(id, "20200101-00000000000000000000000000000000"),
                "Range", "bytes=0-43").status()).as("a ticket is for its recording only").isEqualTo(401);

        // refusals: the call's own agent (agentsHearOwnCalls: false) and another agent
        assertThat(agent.getBytes("/api/recordings/" + id + "/audio").status()).isEqualTo(403);
        assertThat(stack.api("1002").getBytes("/api/recordings/" + id + "/audio").status()).isEqualTo(403);

        List<AuditEntry> audit = auditOf(callId);
        List<AuditEntry> downloads = audit.stream().filter(a -> a.action().equals("recording-download")
                && !a.detail().orElse("").startsWith("denied")).toList();
        assertThat(downloads).extracting(a -> a.detail().orElseThrow()).containsExactly(
                "recording " + id + "; whole file",
                "recording " + id + "; bytes " + first + "-" + last + "/" + whole.body().length);
        assertThat(downloads).allSatisfy(a -> assertThat(a.actor()).isEqualTo("inspector"));
        assertThat(downloads.get(0).at()).as("audited before the audio was answered")
                .isBeforeOrEqualTo(whole.receivedAt());
        assertThat(downloads.get(1).at()).isBeforeOrEqualTo(part.receivedAt());
        assertThat(audit.stream().filter(a -> a.action().equals("recording-play"))).as("the ticket, once")
                .hasSize(1).allSatisfy(a -> assertThat(a.actor()).isEqualTo("inspector"));
        assertThat(audit.stream().filter(a -> a.action().equals("recording-download")
                && a.detail().orElse("").startsWith("denied"))).extracting(AuditEntry::actor)
                .containsExactlyInAnyOrder("1001", "1002");
        assertThat(audit.stream().filter(a -> a.action().equals("recording-view"))).isNotEmpty();
        assertThat(audit.stream().filter(a -> a.action().startsWith("recording-pause")
                || a.action().startsWith("recording-resume"))).extracting(a -> a.action() + " by " + a.actor())
                .containsExactly("recording-pause by 1001", "recording-resume by 1001");

        // ---- at rest: no WAV header, no tone in the file's bytes
        assertThat(new String(onDisk, 0, 6, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("CTIREC");
        assertThat(new String(onDisk, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("RIFF");
        StereoWav raw = StereoWav.raw(onDisk, 0);
        long rawMillis = raw.durationMillis();
        assertThat(Audio.share(raw.customer(0, rawMillis), CUSTOMER)).as("no customer tone in the file").isLessThan(DEAF);
        assertThat(Audio.share(raw.agentSide(0, rawMillis), AGENT)).as("no agent tone in the file").isLessThan(DEAF);

        // ---- a server whose key file holds another key under the file's key id: a clear error, no audio
        stack.killServer();
        Path keyFile = Path.of(stack.config().recordingKeyFile());
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.writeString(keyFile, meta.getString("keyId") + " " + Base64.getEncoder().encodeToString(other) + "\n");
        stack.startServer();
        stack.awaitLinkUp();
        Api qaAgain = stack.api("inspector");
        Api.Binary refused = qaAgain.getBytes("/api/recordings/" + id + "/audio");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.json().getString("error")).isEqualTo("recording_key_mismatch");
        assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("RIFF");
        assertThat(qaAgain.get("/api/recordings/" + id).status()).as("the index still describes it").isEqualTo(200);
        assertThat(stack.server().meters().scrape())
                .contains("cti_recording_playback_requests_total{outcome=\"key_mismatch\"} 1.0");
    }

    /** Lets the call run for {@code seconds} of what the customer hears. */
    private void next(double seconds) throws Exception {
        Audio.next(customer::recorded, customer::heard, 0, seconds);
    }

    /** Over [from, to) ms: the customer alone on the left, {@code right} and not the customer on the right. */
    private static void channels(StereoWav wav, String what, long from, long to, int right) {
        assertThat(to - from).as(what + ": a window of at least 500 ms").isGreaterThanOrEqualTo(500);
        short[] l = wav.customer(from, to);
        short[] r = wav.agentSide(from, to);
        assertThat(Audio.share(l, CUSTOMER)).as(what + ": the customer on the left").isGreaterThan(HEARS);
        assertThat(Audio.share(l, right)).as(what + ": no agent on the left").isLessThan(DEAF);
        assertThat(Audio.share(r, right)).as(what + ": " + right + " Hz on the right").isGreaterThan(HEARS);
        assertThat(Audio.share(r, CUSTOMER)).as(what + ": no customer on the right").isLessThan(DEAF);
    }

    private static List<String> found(Api api, String query) throws Exception {
        Api.Reply r = api.get("/api/recordings?" + query);
        assertThat(r.status()).as(query + ": " + r.body().encode()).isEqualTo(200);
        return r.body().getJsonArray("recordings").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    private List<AuditEntry> auditOf(String callId) throws Exception {
        List<AuditEntry> newestFirst = stack.server().store().auditLog(500).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).stream().filter(a -> a.callId().equals(java.util.Optional.of(callId)))
                .toList();
        List<AuditEntry> oldestFirst = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
