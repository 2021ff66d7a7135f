package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which agents a queue's calls may be offered to: the one rule the ACD, the queue figures and the demo share. */
class QueueConfigTest {
    private static QueueConfig requiring(Map<String, Integer> skills) {
        return new QueueConfig("q", null, List.of("4000"), "en", null, QueueConfig.Strategy.LONGEST_IDLE, 0, skills,
                15, 30, false, 600, Optional.empty(), null, Optional.empty());
    }

    @Test
    void everyRequiredSkillAtItsLevel() {
        QueueConfig q = requiring(Map.of("mandarin", 3, "billing", 1));
        assertThat(q.accepts(Map.of("mandarin", 3, "billing", 1))).isTrue();
        assertThat(q.accepts(Map.of("mandarin", 5, "billing", 2, "english", 4))).isTrue();
        assertThat(q.accepts(Map.of("mandarin", 2, "billing", 1))).as("level too low").isFalse();
        assertThat(q.accepts(Map.of("mandarin", 5))).as("a skill missing").isFalse();
    }

    @Test
    void aQueueRequiringNothingTakesAnyAgentWithSkillsButNotASkilllessSeat() {
        QueueConfig q = requiring(Map.of());
        assertThat(q.accepts(Map.of("english", 1))).isTrue();
        assertThat(q.accepts(Map.of())).as("a supervisor's seat").isFalse();
    }
}
