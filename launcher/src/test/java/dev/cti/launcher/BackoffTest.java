package dev.cti.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCapAndStartsAgainAfterAStableRun() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));
        Duration quick = Duration.ofSeconds(2);
        assertThat(b.after(quick)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.after(quick)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.after(quick)).isEqualTo(Duration.ofSeconds(4));
        for (int i = 0; i < 10; i++) {
            b.after(quick);
        }
        assertThat(b.after(quick)).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.after(Duration.ofMinutes(5))).as("it ran long enough: not a crash loop").isEqualTo(Duration.ofSeconds(1));
        assertThat(b.after(quick)).isEqualTo(Duration.ofSeconds(2));
    }
}
