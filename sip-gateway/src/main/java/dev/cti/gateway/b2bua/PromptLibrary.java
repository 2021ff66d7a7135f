package dev.cti.gateway.b2bua;

import dev.cti.config.MenuConfig;
import dev.cti.config.QueueConfig;
import dev.cti.gateway.media.audio.Prompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audio a queued caller hears, loaded once per file: a queue's greeting and music, and the position /
 * estimated-wait announcement assembled from the parts in the greeting's language directory
 * ({@code prompts/<lang>/you-are-caller-number.wav}, {@code digits/0.wav}..., {@code in-the-queue.wav},
 * {@code estimated-wait.wav}, {@code minutes.wav}), with the callback offer ({@code callback-offer.wav}) when asked;
 * and the files of the voice menus, the surveys and the queues' callback prompts, the only ones a server's
 * {@code PlayPrompts} may name. Loading reads files: call it off the event loops.
 */
public final class PromptLibrary {
    private final Map<Path, Prompt> cache = new ConcurrentHashMap<>();
    private final Set<Path> menuFiles = ConcurrentHashMap.newKeySet();

    /**
     * Loads every queue's greeting, music and announcement parts now, so a broken file fails at start-up; and the
     * callback prompts of the queues that offer it and the survey's prompts, which {@code PlayPrompts} may then name
     * ({@link #menu}).
     */
    public void preload(List<QueueConfig> queues) {
        for (QueueConfig q : queues) {
            greeting(q);
            music(q);
            announcement(q, 1, 60);
            if (q.callback().isPresent()) {
                for (String name : CALLBACK_PROMPTS) {
                    Path p = Path.of(q.callbackPrompt(name)).toAbsolutePath().normalize();
                    load(p);
                    menuFiles.add(p);
                }
            }
            q.survey().ifPresent(s -> allow(s.promptFiles()));
        }
    }

    /** The callback offer's prompts (issue 17), {@code callback-<name>.wav} next to the queue's greeting. */
    static final List<String> CALLBACK_PROMPTS = List.of("offer", "number", "confirmed");

    /** Whether every file is one of {@code queue}'s callback prompts (what a queued call may be played). */
    public static boolean callbackPrompts(QueueConfig queue, List<String> files) {
        if (queue.callback().isEmpty() || files.isEmpty()) {
            return false;
        }
        Set<Path> allowed = new java.util.HashSet<>();
        CALLBACK_PROMPTS.forEach(n -> allowed.add(Path.of(queue.callbackPrompt(n)).toAbsolutePath().normalize()));
        return files.stream().allMatch(f -> allowed.contains(Path.of(f).toAbsolutePath().normalize()));
    }

    /** Loads every file of the menus now (a broken file fails at start-up) and allows them to {@link #menu}. */
    public void preloadMenus(List<MenuConfig> menus) {
        for (MenuConfig m : menus) {
            allow(m.promptFiles());
        }
    }

    private void allow(List<String> files) {
        for (String file : files) {
            Path p = Path.of(file).toAbsolutePath().normalize();
            load(p);
            menuFiles.add(p);
        }
    }

    /** The prompts of a {@code PlayPrompts}; empty when a file is no menu's or survey's (the server may not name it). */
    public Optional<List<Prompt>> menu(List<String> files) {
        List<Prompt> out = new ArrayList<>(files.size());
        for (String file : files) {
            Path p = Path.of(file).toAbsolutePath().normalize();
            if (!menuFiles.contains(p)) {
                return Optional.empty();
            }
            out.add(load(p));
        }
        return Optional.of(out);
    }

    public Prompt greeting(QueueConfig queue) {
        return load(Path.of(queue.prompts().greeting()));
    }

    public Prompt music(QueueConfig queue) {
        return load(Path.of(queue.prompts().music()));
    }

    /**
     * "You are caller number {position} in the queue, your estimated waiting time is {minutes} minutes".
     * Minutes are rounded up and at least 1.
     */
    public List<Prompt> announcement(QueueConfig queue, int position, int estimatedWaitSeconds, boolean offerCallback) {
        List<Prompt> parts = announcement(queue, position, estimatedWaitSeconds);
        if (offerCallback && queue.callback().isPresent()) {
            parts.add(load(Path.of(queue.callbackPrompt("offer"))));
        }
        return parts;
    }

    public List<Prompt> announcement(QueueConfig queue, int position, int estimatedWaitSeconds) {
        Path dir = Path.of(queue.prompts().greeting()).toAbsolutePath().getParent();
        List<Prompt> parts = new ArrayList<>();
        parts.add(load(dir.resolve("you-are-caller-number.wav")));
        digits(dir, Math.max(1, position), parts);
        parts.add(load(dir.resolve("in-the-queue.wav")));
        if (estimatedWaitSeconds > 0) {
            parts.add(load(dir.resolve("estimated-wait.wav")));
            digits(dir, Math.max(1, (estimatedWaitSeconds + 59) / 60), parts);
            parts.add(load(dir.resolve("minutes.wav")));
        }
        return parts;
    }

    private void digits(Path dir, int number, List<Prompt> out) {
        for (char c : Integer.toString(number).toCharArray()) {
            out.add(load(dir.resolve("digits").resolve(c + ".wav")));
        }
    }

    private Prompt load(Path path) {
        return cache.computeIfAbsent(path.toAbsolutePath().normalize(), p -> {
            try {
                return Prompt.load(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load prompt " + p + ": " + e.getMessage(), e);
            }
        });
    }
}
