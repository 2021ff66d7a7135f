package dev.cti.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.config.AgentConfig;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's flags, which address it calls in from, and which agents it seats first. */
class DemoOptionsTest {
    @Test
    void defaultsAndFlags() throws Exception {
        DemoOptions d = DemoOptions.parse(new String[0]);
        assertThat(d.agents()).isEqualTo(4);
        assertThat(d.calls()).isZero();
        assertThat(d.configDir()).isEqualTo(Path.of("conf"));

        DemoOptions o = DemoOptions.parse(new String[] {"--config", "x", "--agents", "2", "--calls", "3",
                "--call-every", "2.5"});
        assertThat(o).isEqualTo(new DemoOptions(Path.of("x"), 2, 3, 2.5));
    }

    @Test
    void badFlagsNameTheFlag() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--agents", "zero"}))
                .isInstanceOf(DemoOptions.UsageException.class).hasMessageContaining("--agents needs a whole number");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--agents", "0"}))
                .hasMessageContaining("--agents is 1 to 50");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--calls"})).hasMessage("--calls needs a value");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--call-every", "0"}))
                .hasMessageContaining("0.5 to 3600");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--speed", "2"})).hasMessage("unknown flag --speed");
    }

    @Test
    void callsComeFromTheShippedTrunkAddressOnThisMachine() throws Exception {
        CtiConfig shipped = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", ".."), "conf"));
        assertThat(DemoMain.localTrunkAddress(shipped)).contains("127.0.0.1");
    }

    @Test
    void theFirstSeatsCoverEveryShippedQueue() throws Exception {
        CtiConfig shipped = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", ".."), "conf"));
        List<AgentConfig> candidates = shipped.agents().stream()
                .filter(a -> !a.skills().isEmpty() && !a.id().equals("1003")).toList();
        List<AgentConfig> order = DemoMain.spreadOverQueues(candidates, shipped.queues());
        assertThat(order).containsExactlyInAnyOrderElementsOf(candidates);
        // --agents 2 is what DemoIT runs: one agent for each queue, or half the calls only ever abandon
        for (QueueConfig q : shipped.queues()) {
            assertThat(order.subList(0, 2)).as(q.id()).anyMatch(a -> q.accepts(a.skills()));
        }
    }

    @Test
    void seatsTakeTheQueuesInTurnAndAgentsServingNoQueueComeLast() {
        QueueConfig a = queue("a", Map.of("x", 1));
        QueueConfig b = queue("b", Map.of("y", 3));
        AgentConfig x1 = agent("x1", Map.of("x", 5));
        AgentConfig x2 = agent("x2", Map.of("x", 5));
        AgentConfig weak = agent("weak", Map.of("y", 2));
        AgentConfig y1 = agent("y1", Map.of("y", 3));
        assertThat(DemoMain.spreadOverQueues(List.of(x1, x2, weak, y1), List.of(a, b)))
                .containsExactly(x1, y1, x2, weak);
    }

    private static QueueConfig queue(String id, Map<String, Integer> skills) {
        return new QueueConfig(id, null, List.of("400" + id), "en", null, QueueConfig.Strategy.LONGEST_IDLE, 0,
                skills, 15, 30, false, 600, java.util.Optional.empty(), null, java.util.Optional.empty());
    }

    private static AgentConfig agent(String id, Map<String, Integer> skills) {
        return new AgentConfig(id, id, id, id, "pw", skills, "t", "en");
    }
}
