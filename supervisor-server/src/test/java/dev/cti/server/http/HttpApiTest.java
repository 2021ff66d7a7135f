package dev.cti.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.store.AuditEntry;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpApiTest extends HttpApiTestBase {

    private static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("error")).isEqualTo(code);
        assertThat(body.getString("message")).isNotBlank();
    }

    @Test
    void login_me_and_logout(VertxTestContext tc) {
        client.post(port, "127.0.0.1", "/api/login")
                .sendJsonObject(new JsonObject().put("username", "carol").put("password", TestConfigs.PASSWORD))
                .compose(r -> {
                    tc.verify(() -> assertThat(r.statusCode()).isEqualTo(200));
                    String token = r.bodyAsJsonObject().getString("token");
                    return client.get(port, "127.0.0.1", "/api/me").putHeader("Authorization", "Bearer " + token)
                            .send().compose(me -> {
                                tc.verify(() -> {
                                    assertThat(me.statusCode()).isEqualTo(200);
                                    assertThat(me.bodyAsJsonObject().getString("username")).isEqualTo("carol");
                                    assertThat(me.bodyAsJsonObject().getString("role")).isEqualTo("AGENT");
                                    assertThat(me.bodyAsJsonObject().getString("agent")).isEqualTo("a3");
                                    assertThat(me.bodyAsJsonObject().getJsonObject("agentState").getString("state"))
                                            .isEqualTo("LOGGED_OUT");
                                });
                                return client.post(port, "127.0.0.1", "/api/logout")
                                        .putHeader("Authorization", "Bearer " + token).send();
                            }).compose(out -> {
                                tc.verify(() -> assertThat(out.statusCode()).isEqualTo(204));
                                return client.get(port, "127.0.0.1", "/api/me")
                                        .putHeader("Authorization", "Bearer " + token).send();
                            });
                })
                .onComplete(tc.succeeding(after -> tc.verify(() -> {
                    assertError(after, 401, "invalid_token");
                    tc.completeNow();
                })));
    }

    @Test
    void bad_credentials_tokens_and_json_are_refused_and_counted(VertxTestContext tc) {
        double badBefore = meters.counter("cti.http.bad.requests").count();
        double authBefore = meters.counter("cti.http.auth.failures").count();
        Future<HttpResponse<Buffer>> wrong = client.post(port, "127.0.0.1", "/api/login")
                .sendJsonObject(new JsonObject().put("username", "alice").put("password", "nope"));
        Future<HttpResponse<Buffer>> badJson = client.post(port, "127.0.0.1", "/api/login")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{not json"));
        Future<HttpResponse<Buffer>> arrayJson = post("alice", "/api/agents/a1/state", null)
                .compose(x -> client.post(port, "127.0.0.1", "/api/agents/a1/state")
                        .putHeader("Authorization", "Bearer " + TOKENS.get("alice")).sendBuffer(Buffer.buffer("[1,2]")));
        Future<HttpResponse<Buffer>> noToken = getAs(null, "/api/agents");
        Future<HttpResponse<Buffer>> badToken = client.get(port, "127.0.0.1", "/api/agents")
                .putHeader("Authorization", "Bearer forged").send();
        Future<HttpResponse<Buffer>> wrongType = post("alice", "/api/agents/a1/state", new JsonObject().put("state", 5));
        Future.all(List.of(wrong, badJson, arrayJson, noToken, badToken, wrongType))
                .onComplete(tc.succeeding(all -> tc.verify(() -> {
                    assertError(wrong.result(), 401, "invalid_credentials");
                    assertError(badJson.result(), 400, "bad_json");
                    assertError(arrayJson.result(), 400, "bad_json");
                    assertError(noToken.result(), 401, "missing_token");
                    assertError(badToken.result(), 401, "invalid_token");
                    assertError(wrongType.result(), 400, "bad_request");
                    assertThat(meters.counter("cti.http.bad.requests").count() - badBefore).isGreaterThanOrEqualTo(4);
                    assertThat(meters.counter("cti.http.auth.failures").count() - authBefore).isEqualTo(3);
                    tc.completeNow();
                })));
    }

    @Test
    void agent_drives_its_own_state_with_clear_errors(VertxTestContext tc) {
        post("bob", "/api/agents/a2/state", state("LOGGED_IN"))
                .compose(r -> {
                    tc.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(200);
                        assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("NOT_READY");
                        assertThat(r.bodyAsJsonObject().getString("reason")).isEqualTo("system.login");
                    });
                    return post("bob", "/api/agents/a2/state", state("NOT_READY"));
                })
                .compose(r -> {
                    tc.verify(() -> assertError(r, 400, "missing_field"));
                    return post("bob", "/api/agents/a2/state", state("NOT_READY", "nap"));
                })
                .compose(r -> {
                    tc.verify(() -> assertError(r, 400, "unknown_reason"));
                    return post("bob", "/api/agents/a2/wrapup", new JsonObject().put("code", "resolved"));
                })
                .compose(r -> {
                    tc.verify(() -> assertError(r, 409, "illegal_transition"));
                    return post("bob", "/api/agents/a2/state", state("SLEEPING"));
                })
                .compose(r -> {
                    tc.verify(() -> assertError(r, 400, "bad_request"));
                    return post("bob", "/api/agents/a2/state", state("READY"));
                })
                .compose(r -> {
                    tc.verify(() -> assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("READY"));
                    return store.stateHistory("a2");
                })
                .onComplete(tc.succeeding(history -> tc.verify(() -> {
                    assertThat(history).extracting(h -> h.to().name()).containsExactly("NOT_READY", "READY");
                    assertThat(history.get(1).cause().toString()).isEqualTo("AGENT(bob)");
                    tc.completeNow();
                })));
    }

    @Test
    void wrap_up_and_force_state_name_what_is_wrong(VertxTestContext tc) {
        Future<HttpResponse<Buffer>> unknownAgent = post("bob", "/api/agents/nobody/wrapup",
                new JsonObject().put("code", "resolved"));
        Future<HttpResponse<Buffer>> codeNotText = post("bob", "/api/agents/a2/wrapup", new JsonObject().put("code", 5));
        Future<HttpResponse<Buffer>> noCode = post("bob", "/api/agents/a2/wrapup", new JsonObject());
        Future<HttpResponse<Buffer>> longNotes = post("bob", "/api/agents/a2/wrapup",
                new JsonObject().put("code", "resolved").put("notes", "x".repeat(4001)));
        Future<HttpResponse<Buffer>> forceOnCall = post("sam", "/api/agents/a1/force-state", state("ON_CALL"));
        Future<HttpResponse<Buffer>> forceNotText = post("sam", "/api/agents/a1/force-state",
                new JsonObject().put("state", 7));
        Future<HttpResponse<Buffer>> reasonNotText = post("sam", "/api/agents/a1/force-state",
                new JsonObject().put("state", "NOT_READY").put("reason", List.of("break")));
        Future.all(List.of(unknownAgent, codeNotText, noCode, longNotes, forceOnCall, forceNotText, reasonNotText))
                .onComplete(tc.succeeding(all -> tc.verify(() -> {
                    assertError(unknownAgent.result(), 404, "unknown_agent");
                    assertError(codeNotText.result(), 400, "bad_request");
                    assertError(noCode.result(), 400, "bad_request");
                    assertThat(noCode.result().bodyAsJsonObject().getString("message")).contains("'code'");
                    assertError(longNotes.result(), 400, "bad_request");
                    assertThat(longNotes.result().bodyAsJsonObject().getString("message")).contains("4000");
                    assertError(forceOnCall.result(), 400, "bad_request");
                    assertError(forceNotText.result(), 400, "bad_request");
                    assertError(reasonNotText.result(), 400, "bad_request");
                    tc.completeNow();
                })));
    }

    @Test
    void role_matrix_over_http(VertxTestContext tc) {
        Future<HttpResponse<Buffer>> aliceList = getAs("alice", "/api/agents");
        Future<HttpResponse<Buffer>> samList = getAs("sam", "/api/agents");
        Future<HttpResponse<Buffer>> rootList = getAs("root", "/api/agents");
        Future<HttpResponse<Buffer>> aliceOther = getAs("alice", "/api/agents/a2");
        Future<HttpResponse<Buffer>> aliceSetsBob = post("alice", "/api/agents/a2/state", state("READY"));
        Future<HttpResponse<Buffer>> aliceForces = post("alice", "/api/agents/a1/force-state", state("READY"));
        Future<HttpResponse<Buffer>> samOtherTeam = post("sam", "/api/agents/a3/force-state", state("READY"));
        Future<HttpResponse<Buffer>> samSeesBlue = getAs("sam", "/api/agents/a3");
        Future<HttpResponse<Buffer>> unknown = getAs("root", "/api/agents/zz");
        Future<HttpResponse<Buffer>> queues = getAs("alice", "/api/queues");
        // recordings (issue 12): agents may not list them by default; supervisors and QA their teams', admins all
        Future<HttpResponse<Buffer>> aliceRecordings = getAs("alice", "/api/recordings");
        Future<HttpResponse<Buffer>> samRecordings = getAs("sam", "/api/recordings");
        Future<HttpResponse<Buffer>> quinnRecordings = getAs("quinn", "/api/recordings");
        Future<HttpResponse<Buffer>> quinnBlue = getAs("quinn", "/api/recordings?agent=a3");
        Future<HttpResponse<Buffer>> rootRecordings = getAs("root", "/api/recordings");
        Future<HttpResponse<Buffer>> aliceDisk = getAs("alice", "/api/recordings/disk");
        Future<HttpResponse<Buffer>> quinnDisk = getAs("quinn", "/api/recordings/disk");
        Future<HttpResponse<Buffer>> unknownRecording = getAs("root", "/api/recordings/20261207-00");
        Future.all(List.of(aliceList, samList, rootList, aliceOther, aliceSetsBob, aliceForces, samOtherTeam,
                samSeesBlue, unknown, queues)).compose(all -> Future.all(List.of(aliceRecordings, samRecordings,
                quinnRecordings, quinnBlue, rootRecordings, aliceDisk, quinnDisk, unknownRecording)))
                .compose(all -> store.auditLog(50))
                .onComplete(tc.succeeding(audit -> tc.verify(() -> {
                    assertThat(ids(aliceList.result())).containsExactly("a1");
                    assertThat(ids(samList.result())).containsExactly("a1", "a2");
                    assertThat(ids(rootList.result())).containsExactly("a1", "a2", "a3", "a4");
                    assertError(aliceOther.result(), 403, "forbidden");
                    assertError(aliceSetsBob.result(), 403, "forbidden");
                    assertError(aliceForces.result(), 403, "forbidden");
                    assertError(samOtherTeam.result(), 403, "forbidden");
                    assertError(samSeesBlue.result(), 403, "forbidden");
                    assertError(unknown.result(), 404, "unknown_agent");
                    assertThat(queues.result().bodyAsJsonObject().getJsonArray("queues")).hasSize(2);
                    assertError(aliceRecordings.result(), 403, "forbidden");
                    assertThat(samRecordings.result().statusCode()).isEqualTo(200);
                    assertThat(quinnRecordings.result().statusCode()).isEqualTo(200);
                    assertError(quinnBlue.result(), 403, "forbidden");
                    assertThat(rootRecordings.result().bodyAsJsonObject().getInteger("total")).isZero();
                    assertError(aliceDisk.result(), 403, "forbidden");
                    assertThat(quinnDisk.result().statusCode()).isEqualTo(200);
                    assertError(unknownRecording.result(), 404, "unknown_recording");
                    assertThat(audit).anySatisfy(a -> {
                        assertThat(a.actor()).isEqualTo("alice");
                        assertThat(a.action()).isEqualTo("recording-list");
                        assertThat(a.detail().orElse("")).startsWith("denied");
                    });
                    assertThat(audit).anySatisfy(a -> assertDenied(a, "quinn", "a3"));
                    // refused supervisor actions were audited before the 403 went out
                    assertThat(audit).anySatisfy(a -> assertDenied(a, "alice", "a1"));
                    assertThat(audit).anySatisfy(a -> assertDenied(a, "sam", "a3"));
                    assertThat(audit).anySatisfy(a -> assertDenied(a, "alice", "a2"));
                    tc.completeNow();
                })));
    }

    private static void assertDenied(AuditEntry a, String actor, String target) {
        assertThat(a.actor()).isEqualTo(actor);
        assertThat(a.target()).contains(target);
        assertThat(a.detail().orElse("")).startsWith("denied");
    }

    private static List<String> ids(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("agents").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void supervisor_force_is_audited_before_the_answer(VertxTestContext tc) {
        post("root", "/api/agents/a4/force-state", state("READY"))
                .compose(r -> {
                    tc.verify(() -> assertError(r, 409, "illegal_transition")); // a4 is logged out
                    return post("sue", "/api/agents/a4/state", state("LOGGED_IN"));
                })
                .compose(r -> post("sam", "/api/agents/a1/state", state("LOGGED_IN")))
                .compose(r -> {
                    // a supervisor may not act as another agent through /state
                    tc.verify(() -> assertError(r, 403, "forbidden"));
                    return post("sue", "/api/agents/a1/force-state", state("NOT_READY", "lunch"));
                })
                .compose(r -> {
                    tc.verify(() -> assertError(r, 409, "illegal_transition")); // a1 still logged out
                    return post("alice", "/api/agents/a1/state", state("LOGGED_IN"));
                })
                .compose(r -> post("sam", "/api/agents/a1/force-state", state("NOT_READY", "lunch")))
                .compose(r -> {
                    tc.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(200);
                        assertThat(r.bodyAsJsonObject().getString("reason")).isEqualTo("lunch");
                    });
                    return store.auditLog(1); // read right after the answer: must already be there
                })
                .compose(latest -> {
                    tc.verify(() -> {
                        AuditEntry a = latest.get(0);
                        assertThat(a.actor()).isEqualTo("sam");
                        assertThat(a.action()).isEqualTo("force-state");
                        assertThat(a.target()).contains("a1");
                        assertThat(a.detail()).contains("accepted NOT_READY(lunch)");
                    });
                    return post("sam", "/api/agents/a1/logout", new JsonObject());
                })
                .compose(r -> {
                    tc.verify(() -> assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("LOGGED_OUT"));
                    return store.auditLog(1).compose(a -> store.stateHistory("a1").map(h -> List.of(a, h)));
                })
                .onComplete(tc.succeeding(both -> tc.verify(() -> {
                    @SuppressWarnings("unchecked")
                    List<AuditEntry> audit = (List<AuditEntry>) both.get(0);
                    assertThat(audit.get(0).action()).isEqualTo("force-logout");
                    @SuppressWarnings("unchecked")
                    var history = (List<dev.cti.server.agent.AgentStateChange>) both.get(1);
                    var last = history.get(history.size() - 1);
                    assertThat(last.cause().toString()).isEqualTo("SUPERVISOR(sam)");
                    assertThat(last.event().name()).isEqualTo("FORCE_LOGOUT");
                    tc.completeNow();
                })));
    }

    @Test
    void health_metrics_and_unknown_paths(VertxTestContext tc) {
        Future<HttpResponse<Buffer>> health = getAs(null, "/api/health");
        Future<HttpResponse<Buffer>> metrics = getAs(null, "/metrics");
        Future<HttpResponse<Buffer>> nothing = getAs("root", "/api/nothing");
        Future.all(health, metrics, nothing).onComplete(tc.succeeding(x -> tc.verify(() -> {
            assertThat(health.result().statusCode()).isEqualTo(200);
            assertThat(health.result().bodyAsJsonObject().getString("store")).isEqualTo("UP");
            assertThat(metrics.result().statusCode()).isEqualTo(200);
            assertThat(metrics.result().bodyAsString()).contains("cti_store_writes_total");
            assertError(nothing.result(), 404, "not_found");
            tc.completeNow();
        })));
    }
}
