package dev.cti.server.acd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.testing.HandClock;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ACD on the shipped configuration: service (priority 10, mandarin ≥ 1, overflow to sales after
 * 300 s) and sales (priority 5, english ≥ 1, maximum wait 600 s).
 */
class AcdTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private final HandClock clock = new HandClock(T0);
    private final CtiConfig config = load();
    private final Acd acd = new Acd(config, clock);

    private static CtiConfig load() {
        try {
            return ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static AgentCandidate agent(String id, Map<String, Integer> skills, int idleSecondsAgo, long calls) {
        return new AgentCandidate(id, skills, T0.minusSeconds(idleSecondsAgo), calls);
    }

    private static final Map<String, Integer> MANDARIN = Map.of("mandarin", 5);
    private static final Map<String, Integer> ENGLISH = Map.of("english", 5);
    private static final Map<String, Integer> BOTH = Map.of("mandarin", 4, "english", 2);

    @Test
    void longestIdleAgentGetsTheCall() {
        acd.enqueue("c1", "service", T0);
        List<Assignment> a = acd.match(List.of(agent("1001", MANDARIN, 10, 0), agent("1002", MANDARIN, 90, 0),
                agent("1003", MANDARIN, 30, 0)));
        assertThat(a).extracting(Assignment::agentId).containsExactly("1002");
        assertThat(acd.waiting("service")).isEmpty();
    }

    @Test
    void entriesRestoredAfterARestartTakeTheirPlaceByArrivalWhateverTheOrderTheyComeBackIn() {
        acd.restore("callback-b", "service", T0.plusSeconds(2)); // the callbacks are read back first
        acd.keepPlace("callback-b");
        acd.restore("live-c", "service", T0.plusSeconds(3)); // then the snapshot's live calls
        acd.restore("live-a", "service", T0);
        acd.restore("live-a2", "service", T0); // same arrival: behind the earlier one restored
        acd.enqueue("new-d", "service", T0.plusSeconds(60));
        assertThat(acd.waiting("service")).extracting(WaitingCall::callId)
                .containsExactly("live-a", "live-a2", "callback-b", "live-c", "new-d");
        assertThat(acd.position("live-c")).as("counts the callback").contains(4);
        assertThat(acd.isCallback("callback-b")).isTrue();
    }

    @Test
    void agentsWithoutTheRequiredSkillAreNeverOffered() {
        acd.enqueue("c1", "service", T0);
        assertThat(acd.match(List.of(agent("2001", ENGLISH, 100, 0)))).isEmpty();
        assertThat(acd.position("c1")).contains(1);
        acd.enqueue("c2", "sales", T0);
        assertThat(acd.match(List.of(agent("2001", ENGLISH, 100, 0))))
                .extracting(x -> x.call().callId()).containsExactly("c2");
    }

    @Test
    void higherPriorityQueueIsServedFirstEvenWhenTheOtherCallWaitedLonger() {
        acd.enqueue("sales-old", "sales", T0.minusSeconds(60));
        acd.enqueue("service-new", "service", T0);
        List<Assignment> a = acd.match(List.of(agent("1003", BOTH, 10, 0)));
        assertThat(a).extracting(x -> x.call().callId()).containsExactly("service-new");
        assertThat(acd.waiting("sales")).extracting(WaitingCall::callId).containsExactly("sales-old");
    }

    @Test
    void firstComeFirstServedAndRingNoAnswerGoesBackToTheHead() {
        acd.enqueue("c1", "service", T0);
        acd.enqueue("c2", "service", T0.plusSeconds(1));
        acd.enqueue("c3", "service", T0.plusSeconds(2));
        Assignment first = acd.match(List.of(agent("1001", MANDARIN, 5, 0))).get(0);
        assertThat(first.call().callId()).isEqualTo("c1");
        assertThat(acd.position("c2")).contains(1);
        acd.requeueAtHead(first.call());
        assertThat(acd.waiting("service")).extracting(WaitingCall::callId).containsExactly("c1", "c2", "c3");
        assertThat(acd.match(List.of(agent("1002", MANDARIN, 5, 0)))).extracting(x -> x.call().callId())
                .containsExactly("c1");
    }

    @Test
    void severalAgentsTakeSeveralCallsEachAgentOnce() {
        acd.enqueue("c1", "service", T0);
        acd.enqueue("c2", "service", T0.plusSeconds(1));
        acd.enqueue("c3", "sales", T0.plusSeconds(2));
        List<Assignment> a = acd.match(List.of(agent("1001", MANDARIN, 50, 0), agent("1002", MANDARIN, 40, 0),
                agent("2001", ENGLISH, 30, 0)));
        assertThat(a).extracting(x -> x.call().callId() + "->" + x.agentId())
                .containsExactlyInAnyOrder("c1->1001", "c2->1002", "c3->2001");
    }

    @Test
    void overflowMovesOnceKeepingArrivalThenMaximumWaitGivesUp() {
        acd.enqueue("early-sales", "sales", T0.plusSeconds(10));
        acd.enqueue("c1", "service", T0);
        clock.set(T0.plusSeconds(299));
        assertThat(acd.tick()).isEmpty();
        clock.set(T0.plusSeconds(300));
        List<QueueTimeout> t = acd.tick();
        assertThat(t).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(QueueTimeout.Kind.OVERFLOWED);
            assertThat(x.targetQueue()).isEqualTo("sales");
            assertThat(x.call().arrivedAt()).isEqualTo(T0);
        });
        // it arrived before the sales caller, so it stands ahead of it
        assertThat(acd.waiting("sales")).extracting(WaitingCall::callId).containsExactly("c1", "early-sales");
        assertThat(acd.oldestWait("sales")).isEqualTo(Duration.ofSeconds(300));
        clock.set(T0.plusSeconds(300 + 599));
        assertThat(acd.tick()).extracting(x -> x.call().callId()).containsExactly("early-sales");
        clock.set(T0.plusSeconds(300 + 600));
        assertThat(acd.tick()).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(QueueTimeout.Kind.MAX_WAIT);
            assertThat(x.call().callId()).isEqualTo("c1");
        });
        assertThat(acd.waiting("sales")).isEmpty();
    }

    @Test
    void removeTakesAnAbandonedCallOut() {
        acd.enqueue("c1", "service", T0);
        acd.enqueue("c2", "service", T0);
        assertThat(acd.remove("c1")).map(WaitingCall::callId).contains("c1");
        assertThat(acd.remove("c1")).isEmpty();
        assertThat(acd.position("c2")).contains(1);
    }

    @Test
    void estimatedWaitFollowsHandleTimeAndStaffing() {
        assertThat(acd.estimatedWait("service", 3, 2)).isEqualTo(Duration.ofSeconds(270));
        acd.recordHandleTime("service", Duration.ofSeconds(80)); // the first real figure replaces the guess
        assertThat(acd.estimatedWait("service", 1, 1)).isEqualTo(Duration.ofSeconds(80));
        acd.recordHandleTime("service", Duration.ofSeconds(180)); // 80 + 0.2 * (180 - 80) = 100
        assertThat(acd.estimatedWait("service", 2, 1)).isEqualTo(Duration.ofSeconds(200));
        assertThat(acd.estimatedWait("service", 1, 0)).isEqualTo(Duration.ofSeconds(100));
        assertThat(acd.estimatedWait("sales", 1, 1)).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void roundRobinRotatesInConfiguredOrder() {
        Acd rr = new Acd(withStrategy(QueueConfig.Strategy.ROUND_ROBIN), clock);
        List<AgentCandidate> all = List.of(agent("1001", MANDARIN, 1, 0), agent("1002", MANDARIN, 100, 0),
                agent("1003", MANDARIN, 50, 0));
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            rr.enqueue("c" + i, "service", T0);
            order.append(rr.match(all).get(0).agentId()).append(' ');
        }
        assertThat(order.toString().trim()).isEqualTo("1001 1002 1003 1001");
    }

    @Test
    void fewestCallsPrefersTheLeastBusyThenTheLongestIdle() {
        Acd fc = new Acd(withStrategy(QueueConfig.Strategy.FEWEST_CALLS), clock);
        fc.enqueue("c1", "service", T0);
        assertThat(fc.match(List.of(agent("1001", MANDARIN, 100, 7), agent("1002", MANDARIN, 5, 2),
                agent("1003", MANDARIN, 50, 2)))).extracting(Assignment::agentId).containsExactly("1003");
    }

    @Test
    void eligibilityFollowsTheCandidatesSkillsNotJustItsId() {
        acd.enqueue("c1", "service", T0);
        assertThat(acd.match(List.of(agent("1001", ENGLISH, 10, 0)))).isEmpty();
        // the same agent with other skills (a new skill map) is judged again
        assertThat(acd.match(List.of(agent("1001", MANDARIN, 10, 0)))).extracting(Assignment::agentId)
                .containsExactly("1001");
    }

    /**
     * Many candidates, every strategy: each pick equals the brute-force choice over all free eligible agents
     * (sorted by the strategy's rules, ties by configured order), so the one-pass pick changes no decision.
     */
    @Test
    void picksMatchTheBruteForceChoiceForEveryStrategy() {
        java.util.Random random = new java.util.Random(42);
        List<String> ids = config.agents().stream().map(a -> a.id()).toList();
        List<Map<String, Integer>> skillSets = List.of(MANDARIN, ENGLISH, BOTH, Map.of());
        for (QueueConfig.Strategy strategy : QueueConfig.Strategy.values()) {
            Acd acd = new Acd(withStrategy(strategy), clock);
            String lastRr = null;
            for (int round = 0; round < 50; round++) {
                List<AgentCandidate> free = new java.util.ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String id = random.nextInt(4) == 0 ? "extra-" + i : ids.get(random.nextInt(ids.size()));
                    if (free.stream().noneMatch(c -> c.agentId().equals(id))) {
                        free.add(agent(id, skillSets.get(random.nextInt(skillSets.size())), random.nextInt(5),
                                random.nextInt(3)));
                    }
                }
                acd.enqueue("c" + round, "service", T0);
                QueueConfig q = withStrategy(strategy).queue("service").orElseThrow();
                String last = lastRr;
                java.util.Comparator<AgentCandidate> longestIdle = java.util.Comparator
                        .comparing(AgentCandidate::idleSince).thenComparingInt(a -> ids.indexOf(a.agentId()));
                java.util.Comparator<AgentCandidate> rule = switch (strategy) {
                    case LONGEST_IDLE -> longestIdle;
                    case FEWEST_CALLS -> java.util.Comparator.comparingLong(AgentCandidate::callsHandled)
                            .thenComparing(longestIdle);
                    case ROUND_ROBIN -> java.util.Comparator.comparingInt(a -> Math.floorMod(
                            ids.indexOf(a.agentId()) - ids.indexOf(last == null ? "" : last) - 1, ids.size()));
                };
                var expected = free.stream().filter(a -> q.accepts(a.skills())).min(rule);
                List<Assignment> got = acd.match(free);
                if (expected.isEmpty()) {
                    assertThat(got).as("%s round %d", strategy, round).isEmpty();
                    acd.remove("c" + round);
                } else {
                    assertThat(got).as("%s round %d", strategy, round).extracting(Assignment::agentId)
                            .containsExactly(expected.get().agentId());
                    lastRr = expected.get().agentId();
                }
            }
        }
    }

    /**
     * A pool kept across passes (agents joining, leaving, changing idle time or calls handled, several calls
     * in both queues) decides exactly as a pass over a fresh list of the same agents in the same order.
     */
    @Test
    void aKeptPoolDecidesAsAFreshListOfTheSameAgents() {
        java.util.Random random = new java.util.Random(7);
        List<String> ids = new java.util.ArrayList<>(config.agents().stream().map(a -> a.id()).toList());
        ids.add("extra-1");
        ids.add("extra-2");
        List<Map<String, Integer>> skillSets = List.of(MANDARIN, ENGLISH, BOTH, Map.of());
        for (QueueConfig.Strategy strategy : QueueConfig.Strategy.values()) {
            Acd kept = new Acd(withStrategy(strategy), clock);
            Acd fresh = new Acd(withStrategy(strategy), clock);
            AgentPool pool = kept.newPool();
            Map<String, AgentCandidate> mirror = new java.util.LinkedHashMap<>();
            int call = 0;
            for (int round = 0; round < 200; round++) {
                for (int i = 0; i < 3; i++) {
                    String id = ids.get(random.nextInt(ids.size()));
                    if (random.nextInt(3) == 0) {
                        pool.remove(id);
                        mirror.remove(id);
                    } else {
                        AgentCandidate c = agent(id, skillSets.get(random.nextInt(skillSets.size())),
                                random.nextInt(4), random.nextInt(3));
                        pool.put(c);
                        if (!c.equals(mirror.get(id))) {
                            mirror.remove(id);
                            mirror.put(id, c);
                        }
                    }
                }
                for (int i = random.nextInt(3); i > 0; i--) {
                    String queue = random.nextBoolean() ? "service" : "sales";
                    clock.set(T0.plusSeconds(call));
                    kept.enqueue("c" + call, queue, T0.plusSeconds(call));
                    fresh.enqueue("c" + call, queue, T0.plusSeconds(call));
                    call++;
                }
                List<Assignment> expected = fresh.match(List.copyOf(mirror.values()));
                List<Assignment> got = kept.match(pool);
                assertThat(got).as("%s round %d", strategy, round).isEqualTo(expected);
                expected.forEach(a -> mirror.remove(a.agentId()));
                assertThat(pool.size()).isEqualTo(mirror.size());
            }
        }
        clock.set(T0);
    }

    private CtiConfig withStrategy(QueueConfig.Strategy s) {
        List<QueueConfig> queues = config.queues().stream().map(q -> new QueueConfig(q.id(), q.name(), q.numbers(),
                q.language(), q.serviceLevel(), s, q.priority(), q.requiredSkills(), q.ringTimeoutSeconds(),
                q.wrapUpSeconds(), q.wrapUpCodeRequired(), q.maxWaitSeconds(), q.overflow(), q.prompts(),
                q.script())).toList();
        return new CtiConfig(config.site(), config.network(), config.storage(), config.compliance(), config.trunks(),
                config.skills(), queues, config.teams(), config.agents(), config.users(), config.notReadyReasons(),
                config.wrapUpCodes(), config.scripts(), config.holidays());
    }
}
