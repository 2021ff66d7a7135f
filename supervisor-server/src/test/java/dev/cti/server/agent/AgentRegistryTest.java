package dev.cti.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.http.PushJson;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AgentRegistryTest {
    private static final CtiConfig CONFIG = TestConfigs.sample("unused", "x");

    /** A journal whose writes complete only when the test says so. */
    static final class HeldJournal implements AgentJournal {
        final List<Promise<Void>> pending = new ArrayList<>();
        final List<AgentStateChange> changes = new ArrayList<>();
        boolean hold;

        private Future<Void> write() {
            if (!hold) {
                return Future.succeededFuture();
            }
            Promise<Void> p = Promise.promise();
            pending.add(p);
            return p.future();
        }

        @Override
        public Future<Void> recordTransition(AgentRecords records) {
            Future<Void> w = write();
            // what the journal holds once the write is done: the test's history of committed changes
            return w.onSuccess(v -> records.change().ifPresent(changes::add));
        }
    }

    /** The test's event hub (a new test instance, so a new hub, per test). */
    private final ServerEvents events = new ServerEvents();

    private AgentRegistry registry(Vertx vertx, HeldJournal journal, SimpleMeterRegistry meters) {
        return new AgentRegistry(vertx, vertx.getOrCreateContext(), CONFIG, new ConfigQueueRules(CONFIG), journal,
                events, meters, Clock.systemUTC());
    }

    /** Collects the agent events as the WebSocket clients get them. */
    private Future<Void> collect(Vertx vertx, List<JsonObject> published) {
        events.agents().subscribe(vertx.getOrCreateContext(), e -> published.add(PushJson.agent(e)));
        return Future.succeededFuture();
    }

    @Test
    void ring_no_answer_fires_from_the_queue_timer_and_requeues_the_call(Vertx vertx, VertxTestContext tc) {
        HeldJournal journal = new HeldJournal();
        AgentRegistry agents = registry(vertx, journal, new SimpleMeterRegistry());
        agents.requeueTo((callId, queueId, agentId) -> tc.verify(() -> {
            assertThat(callId).isEqualTo("c1");
            assertThat(queueId).isEqualTo(TestConfigs.QUEUE_SUPPORT);
            vertx.setTimer(50, t -> tc.verify(() -> {
                AgentSnapshot s = agents.snapshot("a2").orElseThrow();
                assertThat(s.state()).isEqualTo(AgentState.NOT_READY);
                assertThat(s.reason()).contains(SystemReasons.RONA);
                AgentStateChange last = journal.changes.get(journal.changes.size() - 1);
                assertThat(last.cause().kind()).isEqualTo(Cause.Kind.SYSTEM_TIMER);
                tc.completeNow();
            }));
        }));
        Future.<Void>succeededFuture()
                .compose(v -> agents.fire("a2", AgentEvent.of(AgentEventType.LOGIN, Cause.agent("bob"))))
                .compose(r -> agents.fire("a2", AgentEvent.of(AgentEventType.SET_READY, Cause.agent("bob"))))
                .compose(r -> agents.fire("a2", AgentEvent.offered("c1", TestConfigs.QUEUE_SUPPORT))) // 1 s ring
                .onComplete(tc.succeeding(r -> tc.verify(() ->
                        assertThat(agents.snapshot("a2").orElseThrow().state()).isEqualTo(AgentState.RESERVED))));
    }

    @Test
    void nothing_is_acknowledged_or_published_before_the_journal_commits(Vertx vertx, VertxTestContext tc) {
        HeldJournal journal = new HeldJournal();
        journal.hold = true;
        AgentRegistry agents = registry(vertx, journal, new SimpleMeterRegistry());
        List<JsonObject> published = new ArrayList<>();
        collect(vertx, published).onComplete(tc.succeeding(v -> {
                    Future<TransitionResult> f = agents.fire("a1", AgentEvent.of(AgentEventType.LOGIN,
                            Cause.agent("alice")));
                    vertx.setTimer(100, t -> tc.verify(() -> {
                        assertThat(f.isComplete()).isFalse();
                        assertThat(published).isEmpty();
                        assertThat(agents.snapshot("a1").orElseThrow().state()).isEqualTo(AgentState.LOGGED_OUT);
                        assertThat(journal.pending).hasSize(1);
                        journal.pending.get(0).complete();
                        f.onComplete(tc.succeeding(r -> vertx.setTimer(50, t2 -> tc.verify(() -> {
                            assertThat(r.accepted()).isTrue();
                            assertThat(published).singleElement().satisfies(e -> {
                                assertThat(e.getLong("seq")).isEqualTo(1L);
                                assertThat(e.getJsonObject("agent").getString("state")).isEqualTo("NOT_READY");
                            });
                            tc.completeNow();
                        }))));
                    }));
                }));
    }

    @Test
    void a_failed_write_fails_the_future_and_rejections_are_counted(Vertx vertx, VertxTestContext tc) {
        HeldJournal journal = new HeldJournal();
        journal.hold = true;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AgentRegistry agents = registry(vertx, journal, meters);
        agents.fire("a1", AgentEvent.of(AgentEventType.SET_READY, Cause.agent("alice")))
                .compose(rejected -> {
                    tc.verify(() -> {
                        assertThat(rejected.accepted()).isFalse();
                        assertThat(meters.counter("cti.agent.events.rejected", "state", "LOGGED_OUT", "event",
                                "SET_READY", "reason", "ILLEGAL_TRANSITION").count()).isEqualTo(1);
                    });
                    Future<TransitionResult> f = agents.fire("a1", AgentEvent.of(AgentEventType.LOGIN,
                            Cause.agent("alice")));
                    vertx.setTimer(50, t -> journal.pending.get(0).fail("disk full"));
                    return f;
                })
                .onComplete(tc.failing(e -> tc.verify(() -> {
                    assertThat(e).hasMessageContaining("disk full");
                    assertThat(agents.fire("zz", AgentEvent.of(AgentEventType.LOGIN, Cause.agent("x"))).failed())
                            .isTrue();
                    assertThat(agents.knows("a1")).isTrue();
                    assertThat(agents.snapshot("zz")).isEqualTo(Optional.empty());
                    tc.completeNow();
                })));
    }

    @Test
    void a_failed_write_leaves_the_agent_where_it_was_and_the_same_event_can_be_retried(Vertx vertx,
                                                                                     VertxTestContext tc) {
        HeldJournal journal = new HeldJournal();
        journal.hold = true;
        AgentRegistry agents = registry(vertx, journal, new SimpleMeterRegistry());
        List<JsonObject> published = new ArrayList<>();
        collect(vertx, published);
        Future<TransitionResult> login = agents.fire("a1", AgentEvent.of(AgentEventType.LOGIN, Cause.agent("alice")));
        vertx.setTimer(50, t -> journal.pending.get(0).fail("database away"));
        login.recover(failed -> {
            tc.verify(() -> {
                assertThat(failed).hasMessageContaining("database away");
                assertThat(agents.snapshot("a1").orElseThrow().state()).isEqualTo(AgentState.LOGGED_OUT);
                assertThat(published).isEmpty();
            });
            journal.hold = false;
            return agents.fire("a1", AgentEvent.of(AgentEventType.LOGIN, Cause.agent("alice")));
        }).onComplete(tc.succeeding(r -> tc.verify(() -> {
            assertThat(r.accepted()).as("the retried LOGIN: %s", r).isTrue();
            assertThat(agents.snapshot("a1").orElseThrow().state()).isEqualTo(AgentState.NOT_READY);
            assertThat(journal.changes).singleElement().satisfies(c -> {
                assertThat(c.from()).isEqualTo(AgentState.LOGGED_OUT);
                assertThat(c.to()).isEqualTo(AgentState.NOT_READY);
            });
            tc.completeNow();
        })));
    }

    @Test
    void an_event_waits_for_the_previous_one_to_be_stored_and_sees_its_failure(Vertx vertx, VertxTestContext tc) {
        HeldJournal journal = new HeldJournal();
        journal.hold = true;
        AgentRegistry agents = registry(vertx, journal, new SimpleMeterRegistry());
        Future<TransitionResult> login = agents.fire("a1", AgentEvent.of(AgentEventType.LOGIN, Cause.agent("alice")));
        Future<TransitionResult> ready = agents.fire("a1", AgentEvent.of(AgentEventType.SET_READY,
                Cause.agent("alice")));
        vertx.setTimer(100, t -> tc.verify(() -> {
            // READY is not even decided while LOGIN's record is being stored
            assertThat(journal.pending).hasSize(1);
            assertThat(ready.isComplete()).isFalse();
            journal.pending.get(0).fail("constraint");
        }));
        ready.onComplete(tc.succeeding(r -> tc.verify(() -> {
            assertThat(login.failed()).isTrue();
            // decided against the state the database has: still LOGGED_OUT, so READY is refused
            assertThat(r.accepted()).isFalse();
            assertThat(((TransitionResult.Rejected) r).reason()).isEqualTo(RejectReason.ILLEGAL_TRANSITION);
            assertThat(agents.snapshot("a1").orElseThrow().state()).isEqualTo(AgentState.LOGGED_OUT);
            assertThat(journal.changes).isEmpty();
            tc.completeNow();
        })));
    }
}
