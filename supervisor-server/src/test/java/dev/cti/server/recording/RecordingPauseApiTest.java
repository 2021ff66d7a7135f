package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PauseRecording;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.RecordingPaused;
import dev.cti.link.message.RecordingResumed;
import dev.cti.link.message.RecordingSkipReason;
import dev.cti.link.message.RecordingSkipped;
import dev.cti.link.message.RecordingStarted;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.ResumeRecording;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.RecordingRow;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * POST /api/calls/{id}/recording/pause and /resume (issue 12): who may, the audit entry written before the command
 * goes to the gateway, the gateway's answer or refusal as the HTTP answer, the index's 409s, and the push.
 */
class RecordingPauseApiTest extends ScriptedGatewayApiBase {
    static final String R = "20261207-5f0c2a9e41d84b6c9d3e7f1a2b3c4d5e";

    /** Agent 1001 on call c1, which the gateway records. */
    private String recordedCallOn1001() throws Exception {
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
        assertThat(gateway.await(DeliverToAgent.class).callId()).isEqualTo("c1");
        gateway.send(new CallAnswered("c1", "1001", 2000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        gateway.send(new RecordingStarted(R, "c1", "2026/12/07/" + R + ".ctirec", System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> new JsonObject(get("/api/calls/c1/recording", agent).body())
                .getString("state").equals("recording"));
        return agent;
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, String token) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> done(CompletableFuture<HttpResponse<String>> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void the_agent_pauses_and_resumes_the_own_call_audited_before_the_command_and_answered_by_the_gateway()
            throws Exception {
        String agent = recordedCallOn1001();
        Events pushes = events(agent);

        CompletableFuture<HttpResponse<String>> pause = postAsync("/api/calls/c1/recording/pause", agent);
        PauseRecording command = gateway.await(PauseRecording.class);
        assertThat(command).isEqualTo(new PauseRecording("c1", "1001"));
        // the audit entry was committed before the command was sent
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("1001");
            assertThat(e.action()).isEqualTo("recording-pause");
            assertThat(e.callId()).contains("c1");
            assertThat(e.target()).contains("1001");
        });
        gateway.send(new RecordingPaused(R, "c1", "1001", 12_000, System.currentTimeMillis()));
        HttpResponse<String> paused = done(pause);
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(new JsonObject(paused.body())).isEqualTo(new JsonObject().put("callId", "c1").put("recordingId", R)
                .put("state", "paused").put("offsetMillis", 12_000));
        JsonObject push = pushes.next(e -> "recording".equals(e.getString("type")), Duration.ofSeconds(5));
        assertThat(push.getString("state")).isEqualTo("paused");
        assertThat(push.getString("by")).isEqualTo("1001");
        assertThat(push.getString("agentId")).isEqualTo("1001");

        // paused already: the index says so, nothing is sent
        HttpResponse<String> again = post("/api/calls/c1/recording/pause", agent, "{}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(again.body()).getString("error")).isEqualTo("already_paused");
        assertThat(gateway.received(PauseRecording.class)).hasSize(1);

        // the supervisor resumes; the gateway refuses once (its own view), then the agent resumes
        String supervisor = login("supervisor", "demo-supervisor");
        CompletableFuture<HttpResponse<String>> refused = postAsync("/api/calls/c1/recording/resume", supervisor);
        var env = gateway.awaitEnvelope(ResumeRecording.class, r -> r.user().equals("supervisor"));
        gateway.send(new CommandRejected(env.seq(), "ResumeRecording", "c1", RejectReason.INVALID_STATE,
                System.currentTimeMillis()));
        HttpResponse<String> no = done(refused);
        assertThat(no.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(no.body()).getString("error")).isEqualTo("not_paused");

        CompletableFuture<HttpResponse<String>> resume = postAsync("/api/calls/c1/recording/resume", agent);
        gateway.await(ResumeRecording.class, r -> r.user().equals("1001"));
        gateway.send(new RecordingResumed(R, "c1", "1001", 19_500, System.currentTimeMillis()));
        HttpResponse<String> resumed = done(resume);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(new JsonObject(resumed.body()).getString("state")).isEqualTo("recording");

        RecordingRow row = server.recordings().store().find(R).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).orElseThrow();
        assertThat(row.pauses()).containsExactly(new RecordingRow.Pause(12_000, java.util.Optional.of(19_500L),
                java.util.Optional.of("1001"), java.util.Optional.of("1001")));
        assertThat(audit()).filteredOn(e -> e.action().equals("recording-resume")).extracting(AuditEntry::actor)
                .containsExactlyInAnyOrder("supervisor", "1001");
    }

    @Test
    void a_request_waiting_for_the_gateway_when_the_call_ends_gets_404() throws Exception {
        String agent = recordedCallOn1001();
        CompletableFuture<HttpResponse<String>> pause = postAsync("/api/calls/c1/recording/pause", agent);
        gateway.await(PauseRecording.class);
        gateway.send(new CallCleared("c1", ClearCause.CALLER_HANGUP, 2000, 60_000, System.currentTimeMillis()));
        HttpResponse<String> r = done(pause);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("unknown_call");
    }

    @Test
    void others_are_refused_and_audited_and_unrecorded_or_unknown_calls_say_so() throws Exception {
        recordedCallOn1001();
        String colleague = login("1002", "demo-1002");
        String qa = login("inspector", "demo-inspector");
        for (String token : List.of(colleague, qa)) {
            HttpResponse<String> r = post("/api/calls/c1/recording/pause", token, "{}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        }
        assertThat(audit()).filteredOn(e -> e.action().equals("recording-pause"))
                .allSatisfy(e -> assertThat(e.detail().orElse("")).startsWith("denied: "))
                .extracting(AuditEntry::actor).containsExactlyInAnyOrder("1002", "inspector");
        assertThat(gateway.received(PauseRecording.class)).isEmpty();

        String admin = login("admin", "demo-admin");
        assertThat(post("/api/calls/nope/recording/pause", admin, "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> notPaused = post("/api/calls/c1/recording/resume", admin, "{}");
        assertThat(notPaused.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(notPaused.body()).getString("error")).isEqualTo("not_paused");

        // a call the gateway does not record: 409 with its reason, from the index
        gateway.send(new RecordingSkipped("c1", RecordingSkipReason.NOT_SAMPLED, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> new JsonObject(get("/api/calls/c1/recording", admin).body())
                .getString("state").equals("not_recorded"));
        HttpResponse<String> notRecorded = post("/api/calls/c1/recording/pause", admin, "{}");
        assertThat(notRecorded.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(notRecorded.body()).getString("error")).isEqualTo("not_recorded");
        assertThat(new JsonObject(notRecorded.body()).getString("message")).contains("NOT_SAMPLED");
        assertThat(new JsonObject(get("/api/calls/c1/recording", admin).body()).getString("reason"))
                .isEqualTo("NOT_SAMPLED");
        assertThat(get("/api/calls/c1/recording", colleague).statusCode()).isEqualTo(403);
        assertThat(gateway.received(PauseRecording.class)).isEmpty();
    }
}
