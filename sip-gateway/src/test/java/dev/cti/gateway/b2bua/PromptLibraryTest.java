package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.gateway.media.audio.Prompt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The position / estimated-wait announcement is assembled from the shipped prompt parts of the queue's language. */
class PromptLibraryTest {

    @Test
    void announcementSaysPositionDigitsAndWaitInMinutesRoundedUp() throws Exception {
        CtiConfig config = ConfigLoader.load(Path.of("..", "conf"));
        QueueConfig sales = config.queue("sales").orElseThrow();
        PromptLibrary prompts = new PromptLibrary();
        prompts.preload(config.queues());
        List<Prompt> parts = prompts.announcement(sales, 12, 90);
        assertThat(parts).extracting(Prompt::name).containsExactly(
                "you-are-caller-number.wav", "1.wav", "2.wav", "in-the-queue.wav", "estimated-wait.wav", "2.wav",
                "minutes.wav");
        assertThat(parts.get(0).length()).as("the English part, from the queue's language directory")
                .isEqualTo(Prompt.load(Path.of("..", "prompts", "en", "you-are-caller-number.wav")).length());
        assertThat(prompts.announcement(sales, 1, 0)).hasSize(3); // no wait estimate: position only
        assertThat(prompts.greeting(sales).durationMillis()).isPositive();
        assertThat(prompts.music(sales)).isSameAs(prompts.music(config.queue("service").orElseThrow()));
    }
}
