package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.it.stack.ThreeCallDay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real calls through the gateway move the KPIs exactly as docs/METRICS.md says (service queue: threshold
 * 20 s, short abandon 5 s, short abandons excluded, abandons in the denominator): one answered within the
 * threshold, one short abandon, one long abandon. Counts and ratios are exact; durations are only bounded,
 * since they are real time here (KpiScenarioTest checks them to the millisecond with a hand clock).
 */
class KpiIT {
    private static final Duration T = Duration.ofSeconds(15);
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void answeredShortAndLongAbandonsMoveEveryQueueKpi() throws Exception {
        stack = Stack.start(dir, Map.of());
        Seat agent = stack.seat("1001", 880, 1000);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");

        // 1. answered after about a second of ringing: within the 20 s threshold, one ring
        Caller answered = stack.caller("13800000001", 440);
        answered.dial("4008001000");
        agent.events().await("answered", T);
        agent.events().awaitState("ON_CALL", T);
        Thread.sleep(1500); // talk
        answered.hangup();
        agent.events().awaitState("WRAP_UP", T);
        agent.run("not-ready break");
        agent.run("wrapup resolved");
        agent.events().awaitState("NOT_READY", T);

        // 2. a short abandon (about 1.5 s, under the 5 s short-abandon limit); nobody is ready
        Caller shortAbandon = stack.caller("13800000002", 440);
        shortAbandon.dial("4008001000");
        shortAbandon.events().await("answered", T); // the gateway answers at once and plays the queue
        Thread.sleep(1500);
        shortAbandon.hangup();

        // 3. a long abandon (about 6.5 s): over the short limit, within the 20 s threshold
        Caller longAbandon = stack.caller("13800000003", 440);
        longAbandon.dial("4008001000");
        longAbandon.events().await("answered", T);
        Thread.sleep(6500);
        longAbandon.hangup();

        ThreeCallDay.assertKpis(stack, T);
    }
}
