package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.AcknowledgeRecordings;
import dev.cti.link.message.RecordingStarted;
import dev.cti.recording.RecordingHeader;
import dev.cti.recording.RecordingKey;
import dev.cti.recording.RecordingWriter;
import dev.cti.server.store.AuditEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The playback API with the default {@code agentsHearOwnCalls: false}: the search and its filters, metadata with
 * the timeline, the audio as a standard WAV proved by signal (440 Hz only on the customer's channel, 880 Hz only on
 * the agent side's), HTTP Range, playback tickets, an in-progress file, key and file failures, the role matrix (QA
 * included, other teams refused, every refusal audited) and bad parameters.
 */
class RecordingApiTest extends RecordingApiTestBase {

    @Override
    boolean agentsHearOwnCalls() {
        return false;
    }

    private static List<String> ids(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("recordings").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList();
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo(code);
    }

    private void assertDenied(String actor, String action) throws Exception {
        assertThat(audit()).as(actor + " " + action).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo(actor);
            assertThat(e.action()).isEqualTo(action);
            assertThat(e.detail().orElse("")).startsWith("denied: ");
        });
    }

    @Test
    void who_lists_which_recordings_and_every_listing_and_refusal_is_audited() throws Exception {
        String admin = login("admin", "demo-admin");
        String supervisor = login("supervisor", "demo-supervisor");
        String salesLead = login("supervisor-sales", PASSWORD);
        String inspector = login("inspector", "demo-inspector");
        String qaSales = login("qa-sales", PASSWORD);
        String agent = login("1001", "demo-1001");

        assertThat(ids(get("/api/recordings", admin))).containsExactly(R_SALES, R_SERVICE);
        assertThat(ids(get("/api/recordings", supervisor))).containsExactly(R_SALES, R_SERVICE);
        assertThat(ids(get("/api/recordings", inspector))).containsExactly(R_SALES, R_SERVICE);
        assertThat(ids(get("/api/recordings", salesLead))).containsExactly(R_SALES);
        assertThat(ids(get("/api/recordings", qaSales))).containsExactly(R_SALES);
        assertError(get("/api/recordings", agent), 403, "forbidden");
        assertDenied("1001", "recording-list");
        // another team's agent, asked for by name: refused, not an empty list
        assertError(get("/api/recordings?agent=1001", qaSales), 403, "forbidden");
        assertDenied("qa-sales", "recording-list");
        assertThat(audit()).filteredOn(e -> e.action().equals("recording-list") && e.actor().equals("inspector"))
                .singleElement().satisfies(e -> assertThat(e.detail().orElseThrow()).isEqualTo("all; 2 of 2"));

        HttpResponse<String> r = get("/api/recordings", admin);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getInteger("total")).isEqualTo(2);
        assertThat(body.getInteger("page")).isZero();
        assertThat(body.getInteger("size")).isEqualTo(50);
        JsonObject service = body.getJsonArray("recordings").getJsonObject(1);
        assertThat(service.getString("callId")).isEqualTo("c-service");
        assertThat(service.getString("status")).isEqualTo("COMPLETE");
        assertThat(service.getLong("durationMillis")).isEqualTo(3000);
        assertThat(service.getString("agentId")).isEqualTo("1001");
        JsonObject call = service.getJsonObject("call");
        assertThat(call.getString("party")).isEqualTo("138****5678");
        assertThat(call.getInteger("rings")).isEqualTo(3);
        assertThat(call.getDouble("holdSeconds")).isEqualTo(65.0);
        assertThat(call.getString("queueId")).isEqualTo("service");
        assertThat(r.body()).doesNotContain(CALLER);
    }

    @Test
    void the_filters_narrow_the_search() throws Exception {
        String admin = login("admin", "demo-admin");
        assertThat(ids(get("/api/recordings?queue=service", admin))).containsExactly(R_SERVICE);
        assertThat(ids(get("/api/recordings?agent=2001", admin))).containsExactly(R_SALES);
        assertThat(ids(get("/api/recordings?wrapUpCode=resolved", admin))).containsExactly(R_SERVICE);
        assertThat(ids(get("/api/recordings?minHoldSeconds=60", admin))).containsExactly(R_SERVICE);
        assertThat(ids(get("/api/recordings?minRings=3", admin))).containsExactly(R_SERVICE);
        assertThat(ids(get("/api/recordings?minRings=4", admin))).isEmpty();
        assertThat(ids(get("/api/recordings?minRings=1", admin))).hasSize(2);
        assertThat(ids(get("/api/recordings?outcome=answered", admin))).hasSize(2);
        assertThat(ids(get("/api/recordings?outcome=ABANDONED", admin))).isEmpty();
        assertThat(ids(get("/api/recordings?callId=c-service", admin))).containsExactly(R_SERVICE);
        assertThat(ids(get("/api/recordings?callId=c-unknown", admin))).isEmpty();
        String from = Instant.ofEpochMilli(salesStart).toString();
        assertThat(ids(get("/api/recordings?from=" + from, admin))).containsExactly(R_SALES);
        assertThat(ids(get("/api/recordings?to=" + from, admin))).containsExactly(R_SERVICE);
        HttpResponse<String> page = get("/api/recordings?size=1&page=1", admin);
        assertThat(ids(page)).containsExactly(R_SERVICE);
        assertThat(new JsonObject(page.body()).getInteger("total")).isEqualTo(2);
    }

    @Test
    void bad_parameters_are_refused_by_name_and_counted() throws Exception {
        String admin = login("admin", "demo-admin");
        double before = server.meters().counter("cti.http.bad.requests").count();
        String[][] cases = {
            {"minRings=abc", "minRings"}, {"minHoldSeconds=-1", "minHoldSeconds"}, {"from=yesterday", "from"},
            {"to=2026-13-01", "to"}, {"size=0", "size"}, {"size=201", "size"}, {"page=x", "page"},
            {"queue=nope", "queue"}, {"agent=9999", "agent"}, {"outcome=WON", "outcome"},
            {"wrapUpCode=nope", "wrapUpCode"}, {"agentId=1001", "agentId"}, {"agent=1001&agent=1002", "agent"},
            {"from=2026-12-07&to=2026-12-06", "to"}, {"callId=a%20b", "callId"}, {"callId=" + "x".repeat(201), "callId"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = get("/api/recordings?" + c[0], admin);
            assertError(r, 400, "bad_parameter");
            assertThat(new JsonObject(r.body()).getString("message")).as(c[0]).startsWith("'" + c[1] + "'");
        }
        assertThat(server.meters().counter("cti.http.bad.requests").count() - before).isEqualTo(cases.length);
    }

    @Test
    void metadata_comes_with_the_call_timeline_aligned_to_the_audio() throws Exception {
        String admin = login("admin", "demo-admin");
        HttpResponse<String> r = get("/api/recordings/" + R_SERVICE, admin);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        JsonObject rec = body.getJsonObject("recording");
        assertThat(rec.getString("keyId")).isEqualTo(key.id());
        assertThat(rec.getInteger("channels")).isEqualTo(2);
        assertThat(rec.getInteger("sampleRate")).isEqualTo(8000);
        assertThat(rec.getString("sha256")).matches("[0-9a-f]{64}");
        assertThat(rec.getJsonArray("holdSpans")).containsExactly(new JsonObject().put("startMillis", 500)
                .put("endMillis", 1500));
        assertThat(rec.getJsonArray("pausedSpans")).isEmpty();
        assertThat(body.getString("audioUrl")).isEqualTo("/api/recordings/" + R_SERVICE + "/audio");
        JsonArray timeline = body.getJsonArray("timeline");
        // the call was offered 17 s before the audio began, answered 5 + 12 s after its arrival, ended at 200 s
        assertThat(timeline.getJsonObject(0)).isEqualTo(new JsonObject().put("offsetMillis", -17_000)
                .put("at", Instant.ofEpochMilli(serviceStart).toString()).put("type", "offered")
                .put("queueId", "service"));
        assertThat(timeline.stream().map(o -> ((JsonObject) o).getString("type")).toList())
                .containsExactly("offered", "answered", "ended", "wrap-up");
        assertThat(timeline.getJsonObject(1).getLong("offsetMillis")).isZero();
        assertThat(timeline.getJsonObject(3).getString("code")).isEqualTo("resolved");
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.action()).isEqualTo("recording-view");
            assertThat(e.callId()).contains("c-service");
        });

        String qaSales = login("qa-sales", PASSWORD);
        assertError(get("/api/recordings/" + R_SERVICE, qaSales), 403, "forbidden");
        assertDenied("qa-sales", "recording-view");
        assertError(get("/api/recordings/20261207-ffffffffffffffffffffffffffffffff", admin), 404, "unknown_recording");
    }

    @Test
    void the_audio_is_a_standard_wav_with_the_customer_left_and_the_agent_side_right() throws Exception {
        String supervisor = login("supervisor", "demo-supervisor");
        long downloadsBefore = count("recording-download");
        HttpResponse<byte[]> r = bytes("/api/recordings/" + R_SERVICE + "/audio", supervisor, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("audio/wav");
        assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(r.headers().firstValue("Content-Length")).contains(Long.toString(wavBytes(3)));
        assertThat(r.body()).hasSize((int) wavBytes(3));
        StereoTones.Wav wav = StereoTones.read(r.body());
        assertThat(wav.channels()).isEqualTo(2);
        assertThat(wav.sampleRate()).isEqualTo(8000);
        assertThat(wav.bitsPerSample()).isEqualTo(16);
        assertThat(wav.left()).hasSize(3 * 8000);
        double l440 = StereoTones.power(wav.left(), 440);
        double l880 = StereoTones.power(wav.left(), 880);
        double r440 = StereoTones.power(wav.right(), 440);
        double r880 = StereoTones.power(wav.right(), 880);
        assertThat(l440).as("customer hears 440 Hz").isGreaterThan(0.01);
        assertThat(l880).as("no 880 Hz on the customer's channel").isLessThan(l440 / 1000);
        assertThat(r880).as("agent side 880 Hz").isGreaterThan(0.01);
        assertThat(r440).as("no 440 Hz on the agent side").isLessThan(r880 / 1000);
        // the file on disk is not that: no RIFF header, no tone
        byte[] onDisk = Files.readAllBytes(recordingDir.resolve(relative(R_SERVICE, serviceStart + 17_000)));
        assertThat(new String(onDisk, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isNotEqualTo("RIFF");
        assertThat(count("recording-download")).isEqualTo(downloadsBefore + 1);
        assertThat(server.meters().counter("cti.recording.playback.requests", "outcome", "ok").count()).isEqualTo(1);
    }

    @Test
    void ranges_are_answered_with_206_and_the_same_bytes_and_416_past_the_end() throws Exception {
        String admin = login("admin", "demo-admin");
        String path = "/api/recordings/" + R_SERVICE + "/audio";
        byte[] whole = bytes(path, admin, null).body();
        long size = whole.length;

        HttpResponse<byte[]> head = bytes(path, admin, "bytes=0-43");
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.headers().firstValue("Content-Range")).contains("bytes 0-43/" + size);
        assertThat(head.body()).isEqualTo(Arrays.copyOfRange(whole, 0, 44));

        HttpResponse<byte[]> middle = bytes(path, admin, "bytes=40000-60000");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 40000-60000/" + size);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(whole, 40_000, 60_001));

        HttpResponse<byte[]> open = bytes(path, admin, "bytes=44-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(whole, 44, whole.length));

        HttpResponse<byte[]> tail = bytes(path, admin, "bytes=-100");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range"))
                .contains("bytes " + (size - 100) + "-" + (size - 1) + "/" + size);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 100, whole.length));

        HttpResponse<byte[]> past = bytes(path, admin, "bytes=" + size + "-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).contains("bytes */" + size);
        assertThat(bytes(path, admin, "bytes=oops").statusCode()).isEqualTo(416);

        HttpResponse<byte[]> several = bytes(path, admin, "bytes=0-1,5-6");
        assertThat(several.statusCode()).isEqualTo(200);
        assertThat(several.body()).isEqualTo(whole);
    }

    @Test
    void a_page_plays_with_a_ticket_for_one_recording_audited_once_per_ticket() throws Exception {
        String inspector = login("inspector", "demo-inspector");
        String qaSales = login("qa-sales", PASSWORD);
        HttpResponse<String> refused = post("/api/recordings/" + R_SERVICE + "/ticket", qaSales, "{}");
        assertError(refused, 403, "forbidden");
        assertDenied("qa-sales", "recording-play");

        HttpResponse<String> issued = post("/api/recordings/" + R_SERVICE + "/ticket", inspector, "{}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonObject t = new JsonObject(issued.body());
        String url = t.getString("audioUrl");
        assertThat(url).isEqualTo("/api/recordings/" + R_SERVICE + "/audio?ticket=" + t.getString("ticket"));
        assertThat(url).doesNotContain(inspector);
        long plays = count("recording-play");
        long downloads = count("recording-download");

        // what an <audio> element does: no Authorization header, several range requests
        HttpResponse<byte[]> first = bytes(url, null, "bytes=0-");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(StereoTones.read(first.body()).left()).hasSize(3 * 8000);
        assertThat(bytes(url, null, "bytes=1000-1999").body()).hasSize(1000);
        assertThat(bytes(url, null, null).statusCode()).isEqualTo(200);
        assertThat(count("recording-play")).isEqualTo(plays);
        assertThat(count("recording-download")).isEqualTo(downloads);

        // one recording only; a forged ticket; none at all
        HttpResponse<byte[]> other = bytes("/api/recordings/" + R_SALES + "/audio?ticket=" + t.getString("ticket"),
                null, null);
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(new String(other.body())).getString("error")).isEqualTo("invalid_ticket");
        assertThat(bytes("/api/recordings/" + R_SERVICE + "/audio?ticket=forged", null, null).statusCode())
                .isEqualTo(401);
        assertThat(bytes("/api/recordings/" + R_SERVICE + "/audio", null, null).statusCode()).isEqualTo(401);
        // the login ends: so does the ticket
        assertThat(post("/api/logout", inspector, "{}").statusCode()).isEqualTo(204);
        assertThat(bytes(url, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void downloads_by_others_are_refused_and_audited() throws Exception {
        String salesLead = login("supervisor-sales", PASSWORD);
        String agent = login("1001", "demo-1001");
        assertThat(bytes("/api/recordings/" + R_SERVICE + "/audio", salesLead, null).statusCode()).isEqualTo(403);
        assertDenied("supervisor-sales", "recording-download");
        // agents may not hear even their own calls by default
        assertThat(bytes("/api/recordings/" + R_SERVICE + "/audio", agent, null).statusCode()).isEqualTo(403);
        assertDenied("1001", "recording-download");
        assertError(post("/api/recordings/" + R_SERVICE + "/ticket", agent, "{}"), 403, "forbidden");
        assertDenied("1001", "recording-play");
        assertError(get("/api/recordings/" + R_SERVICE, agent), 403, "forbidden");
        assertDenied("1001", "recording-view");
        assertThat(bytes("/api/recordings/" + R_SALES + "/audio", salesLead, null).statusCode()).isEqualTo(200);
    }

    @Test
    void a_recording_being_written_plays_up_to_its_last_written_chunk() throws Exception {
        String admin = login("admin", "demo-admin");
        String live = "20261207-00000000000000000000000000000007";
        long start = System.currentTimeMillis();
        gateway.send(new RecordingStarted(live, "c-live", relative(live, start), start));
        RecordingWriter w = open(live, start, key);
        try {
            w.writeChunk(StereoTones.pcm(440, 880, 0, 8000));
            w.writeChunk(StereoTones.pcm(440, 880, 8000, 8000));
            String path = "/api/recordings/" + live + "/audio";
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> bytes(path, admin, null).statusCode() == 200);
            StereoTones.Wav two = StereoTones.read(bytes(path, admin, null).body());
            assertThat(two.left()).hasSize(2 * 8000);
            assertThat(StereoTones.power(two.right(), 880)).isGreaterThan(0.01);
            w.writeChunk(StereoTones.pcm(440, 880, 16000, 8000));
            assertThat(StereoTones.read(bytes(path, admin, null).body()).left()).hasSize(3 * 8000);
            JsonObject meta = new JsonObject(get("/api/recordings/" + live, admin).body()).getJsonObject("recording");
            assertThat(meta.getString("status")).isEqualTo("IN_PROGRESS");
        } finally {
            w.close();
        }
    }

    @Test
    void a_wrong_or_unknown_key_and_a_missing_file_get_clear_errors() throws Exception {
        String admin = login("admin", "demo-admin");
        long start = System.currentTimeMillis();
        // the same key id with other key bytes: the file does not authenticate
        byte[] raw = new byte[32];
        new Random(7).nextBytes(raw);
        String wrong = "20261207-00000000000000000000000000000008";
        index(write(wrong, "c-w", start, 1, RecordingKey.of(key.id(), raw), true, 440, 880));
        HttpResponse<String> mismatch = get("/api/recordings/" + wrong + "/audio", admin);
        assertError(mismatch, 500, "recording_key_mismatch");
        assertThat(mismatch.body()).doesNotContain("Exception").doesNotContain("at dev.");
        // a key id the key file does not have
        String unknown = "20261207-00000000000000000000000000000009";
        index(write(unknown, "c-u", start, 1, RecordingKey.of("k-elsewhere", raw), true, 440, 880));
        assertError(get("/api/recordings/" + unknown + "/audio", admin), 500, "recording_key_unknown");
        // the file is gone
        Files.delete(recordingDir.resolve(relative(R_SALES, salesStart + 8_000)));
        assertError(get("/api/recordings/" + R_SALES + "/audio", admin), 410, "recording_missing");
        // deleted by the retention job
        await(new dev.cti.server.store.RecordingRetentionStore(server.store()).markDeleted(List.of(R_SERVICE), Instant.now(), row -> new AuditEntry(
                "system", "recording-delete", Optional.empty(), Optional.empty(), Optional.empty(), Instant.now())));
        assertError(get("/api/recordings/" + R_SERVICE + "/audio", admin), 410, "recording_deleted");
        assertError(post("/api/recordings/" + R_SERVICE + "/ticket", admin, "{}"), 410, "recording_deleted");
        assertThat(server.meters().counter("cti.recording.playback.requests", "outcome", "key_mismatch").count())
                .isEqualTo(1);
        assertThat(gateway.received(AcknowledgeRecordings.class)).hasSizeGreaterThanOrEqualTo(4);
        assertThat(RecordingHeader.CHUNK_BYTES).isEqualTo(32_000);
    }
}
