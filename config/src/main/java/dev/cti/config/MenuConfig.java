package dev.cti.config;

import java.util.List;
import java.util.Optional;

/**
 * A voice menu (IVR, issue 17): a dialled number (or another menu) leads here; the caller hears {@code prompt} and
 * presses a digit that picks an {@link Option}. No digit within {@code timeoutSeconds} plays {@code timeoutPrompt},
 * a digit no option has plays {@code invalidPrompt}, and either then repeats the menu; after {@code retries} such
 * repeats the caller gets {@code fallback}. Prompt paths are absolute (resolved against the configuration
 * directory); files are 8 kHz mono 16-bit WAV.
 *
 * @param numbers  dialled numbers (Request-URI user part from the trunk) that lead to it; empty for a sub-menu
 * @param language language of its prompts
 * @param hours    when it is open; empty: always
 * @see #forQueueHours a queue's business hours, run as a menu without a prompt
 */
public record MenuConfig(
        String id,
        List<String> numbers,
        String language,
        String prompt,
        int timeoutSeconds,
        int retries,
        String invalidPrompt,
        String timeoutPrompt,
        String goodbyePrompt,
        List<Option> options,
        Action fallback,
        Optional<BusinessHours> hours) {

    public MenuConfig {
        numbers = List.copyOf(numbers);
        options = List.copyOf(options);
    }

    /** The prefix of the id of a queue's business hours run as a menu ({@link #forQueueHours}). */
    public static final String QUEUE_HOURS_PREFIX = "queue:";

    /**
     * A queue's business hours as a menu (issue 17), so that a caller who dials the queue's number directly meets them
     * exactly as a menu's: id {@code queue:<queue id>}, the queue's numbers, no prompt and no options; open, its
     * fallback puts the caller straight into the queue; closed, the closed prompt and the closed action.
     */
    public static MenuConfig forQueueHours(QueueConfig queue, BusinessHours hours, String goodbyePrompt) {
        return new MenuConfig(QUEUE_HOURS_PREFIX + queue.id(), queue.numbers(), queue.language(), null, 1, 0, null,
                null, goodbyePrompt, List.of(), new Action(Kind.QUEUE, queue.id()), Optional.of(hours));
    }

    /** Whether this is a queue's business hours ({@link #forQueueHours}): no prompt, no options. */
    public boolean queueHours() {
        return prompt == null;
    }

    /** The option of {@code digit}, if any. */
    public Optional<Option> option(char digit) {
        return options.stream().filter(o -> o.digit() == digit).findFirst();
    }

    /** Every prompt file the menu may play (the gateway plays no other file a server asks for). */
    public List<String> promptFiles() {
        List<String> files = new java.util.ArrayList<>(java.util.stream.Stream.of(prompt, invalidPrompt, timeoutPrompt,
                goodbyePrompt).filter(java.util.Objects::nonNull).toList()); // a queue's hours have only goodbye
        options.forEach(o -> o.action().promptFile().ifPresent(files::add));
        fallback.promptFile().ifPresent(files::add);
        hours.ifPresent(h -> {
            files.add(h.closedPrompt());
            h.closedAction().promptFile().ifPresent(files::add);
        });
        return List.copyOf(files);
    }

    /** A digit (0-9, * or #) and what it does. */
    public record Option(char digit, Action action) {}

    /**
     * What a menu does with the caller.
     *
     * @param target the queue id (QUEUE), menu id (MENU), the message's prompt file (MESSAGE); null for HANGUP
     */
    public record Action(Kind kind, String target) {
        public static final Action HANGUP = new Action(Kind.HANGUP, null);

        /** The file this action plays itself (a message), if any. */
        public Optional<String> promptFile() {
            return kind == Kind.MESSAGE ? Optional.of(target) : Optional.empty();
        }
    }

    /** The actions. */
    public enum Kind {
        /** Into the queue, with its greeting and music. */
        QUEUE,
        /** To another menu. */
        MENU,
        /** Play a recorded message, then hang up. */
        MESSAGE,
        /** Play the menu's goodbye prompt, then hang up. */
        HANGUP,
        /**
         * Into the queue (target), offered at once the callback that keeps the caller's place there (issue 17); the
         * queue has {@code callback} configured.
         */
        CALLBACK
    }
}
