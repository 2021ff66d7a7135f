package dev.cti.gateway.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.protocol.audio.WavReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audio shipped in prompts/ (made by tools/make-prompts.sh) is playable and what docs/MEDIA.md says. */
class ShippedPromptsTest {

    private static final Path PROMPTS = Path.of(System.getProperty("cti.repo.root", "..")).resolve("prompts");

    /** Melody and chord notes of the music, from tools/make-prompts.sh. */
    private static final double[] MUSIC_NOTES = {329.63, 349.23, 392.00, 493.88, 523.25, 587.33, 659.26, 783.99, 1046.50};

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void everyLanguageHasEveryPromptAsAudibleSpeech(String language) throws IOException {
        List<String> names = new ArrayList<>(List.of("queue-greeting-service", "queue-greeting-sales",
                "you-are-caller-number", "in-the-queue", "estimated-wait", "minutes", "sorry-please-hold",
                "menu-main", "menu-billing", "menu-invalid", "menu-timeout", "goodbye", "closed",
                "message-opening-hours"));
        for (int d = 0; d <= 9; d++) {
            names.add("digits/" + d);
        }
        for (String name : names) {
            Path file = PROMPTS.resolve(language).resolve(name + ".wav");
            short[] samples = WavReader.read(file);
            assertThat(samples.length).as(file.toString()).isGreaterThan(G711.SAMPLE_RATE / 10);
            assertThat(rms(samples)).as("%s is not silence", file).isGreaterThan(500);
        }
        assertThat(WavReader.read(PROMPTS.resolve(language).resolve("queue-greeting-service.wav")).length)
                .as("a greeting is a sentence").isGreaterThan(3 * G711.SAMPLE_RATE);
    }

    @Test
    void musicIsSeveralNotesAtOnceAndNeverATestTone() throws IOException {
        short[] music = WavReader.read(PROMPTS.resolve("music/hold-music.wav"));
        assertThat(music.length).isGreaterThanOrEqualTo(10 * G711.SAMPLE_RATE);
        int window = G711.SAMPLE_RATE / 2; // one melody note
        for (int offset = 0; offset + window <= music.length; offset += window) {
            double strongest = 0;
            for (double f = 300; f <= 3400; f += 2) {
                strongest = Math.max(strongest, Goertzel.relativePower(music, offset, window, f, G711.SAMPLE_RATE));
            }
            assertThat(strongest).as("no single frequency dominates at %d", offset).isLessThan(0.6);
            int notesSounding = 0;
            for (double note : MUSIC_NOTES) {
                if (Goertzel.relativePower(music, offset, window, note, G711.SAMPLE_RATE) > 0.03) {
                    notesSounding++;
                }
            }
            assertThat(notesSounding).as("documented notes sounding at %d", offset).isGreaterThanOrEqualTo(2);
            assertThat(Goertzel.relativePower(music, offset, window, 440, G711.SAMPLE_RATE)).isLessThan(0.01);
            assertThat(Goertzel.relativePower(music, offset, window, 880, G711.SAMPLE_RATE)).isLessThan(0.01);
        }
    }

    @Test
    void everyShippedFileIs8kMono16BitAndTheSetStaysSmall() throws IOException {
        long total = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(PROMPTS)) {
            files = walk.filter(p -> p.toString().endsWith(".wav")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(2 * 17 + 1);
        for (Path file : files) {
            WavReader.read(file); // throws for any other format
            total += Files.size(file);
        }
        // 4 MiB: two languages of queue, menu, callback-offer and survey prompts (3.5 MiB with issue 17's flows), 16-bit
        // PCM at 8 kHz; the bound keeps the repository from growing a second music file or a stray long recording
        assertThat(total).isLessThan(4L * 1024 * 1024);
    }

    private static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length);
    }
}
