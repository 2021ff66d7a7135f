package dev.cti.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ACD queue.
 *
 * @param numbers          dialled numbers (Request-URI user part from the trunk) that reach it
 * @param language         language of its prompts and the default script language
 * @param priority         higher is served first when an agent can take calls of several queues
 * @param requiredSkills   skill id → minimum level an agent needs to be offered its calls
 * @param ringTimeoutSeconds ring-no-answer after this long: the call goes back to the head of the queue
 * @param wrapUpSeconds    after-call work time; the agent leaves wrap-up when it runs out
 * @param wrapUpCodeRequired whether the agent must pick a wrap-up code before READY
 * @param maxWaitSeconds   a caller waiting this long is sent to {@code overflow} if set, else cleared
 * @param overflow         where callers go after {@link Overflow#afterSeconds()}
 * @param script           id of the script shown to agents for its calls
 * @param callback         the callback that keeps the caller's place, offered in the announcements (issue 17)
 * @param survey           the satisfaction survey after the call (issue 17)
 */
public record QueueConfig(
        String id,
        Localized name,
        List<String> numbers,
        String language,
        ServiceLevel serviceLevel,
        Strategy strategy,
        int priority,
        Map<String, Integer> requiredSkills,
        int ringTimeoutSeconds,
        int wrapUpSeconds,
        boolean wrapUpCodeRequired,
        int maxWaitSeconds,
        Optional<Overflow> overflow,
        Prompts prompts,
        Optional<String> script,
        Optional<CallbackOffer> callback,
        Optional<Survey> survey) {

    public QueueConfig {
        numbers = List.copyOf(numbers);
        requiredSkills = Map.copyOf(requiredSkills);
    }

    /** A queue without the callback offer and without a satisfaction survey (code that builds one by hand, e.g. tests). */
    public QueueConfig(String id, Localized name, List<String> numbers, String language, ServiceLevel serviceLevel,
                       Strategy strategy, int priority, Map<String, Integer> requiredSkills, int ringTimeoutSeconds,
                       int wrapUpSeconds, boolean wrapUpCodeRequired, int maxWaitSeconds, Optional<Overflow> overflow,
                       Prompts prompts, Optional<String> script) {
        this(id, name, numbers, language, serviceLevel, strategy, priority, requiredSkills, ringTimeoutSeconds,
                wrapUpSeconds, wrapUpCodeRequired, maxWaitSeconds, overflow, prompts, script, Optional.empty(),
                Optional.empty());
    }

    /** A copy with {@code c} as its callback offer (tests). */
    public QueueConfig withCallback(CallbackOffer c) {
        return new QueueConfig(id, name, numbers, language, serviceLevel, strategy, priority, requiredSkills,
                ringTimeoutSeconds, wrapUpSeconds, wrapUpCodeRequired, maxWaitSeconds, overflow, prompts, script,
                Optional.of(c), survey);
    }

    /** A copy with {@code s} as its survey (tests). */
    public QueueConfig withSurvey(Survey s) {
        return new QueueConfig(id, name, numbers, language, serviceLevel, strategy, priority, requiredSkills,
                ringTimeoutSeconds, wrapUpSeconds, wrapUpCodeRequired, maxWaitSeconds, overflow, prompts, script,
                callback, Optional.of(s));
    }

    /**
     * Whether an agent with these skills (skill id → level) may be offered this queue's calls: every required skill
     * at its level. A seat with no skills at all (a supervisor's phone) takes no queue's calls, even a queue that
     * requires none, and is not counted in any queue's figures.
     */
    public boolean accepts(Map<String, Integer> skills) {
        if (skills.isEmpty()) {
            return false;
        }
        // a plain loop: the server asks this for every queue × agent when it publishes queue figures
        for (Map.Entry<String, Integer> r : requiredSkills.entrySet()) {
            if (skills.getOrDefault(r.getKey(), 0) < r.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** How agents are chosen among those that can take the call. */
    public enum Strategy {
        LONGEST_IDLE("longest-idle"),
        ROUND_ROBIN("round-robin"),
        FEWEST_CALLS("fewest-calls");

        private final String yamlName;

        Strategy(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    /**
     * Service-level target and the definition used to compute it (see docs/METRICS.md).
     *
     * @param thresholdSeconds     answered within this wait counts as "in service level"
     * @param targetPercent        the target share, 0–100
     * @param shortAbandonSeconds  abandons within this wait are "short abandons"
     * @param excludeShortAbandons leave short abandons out of the denominator
     * @param abandonsInDenominator count (long) abandons in the denominator
     */
    public record ServiceLevel(int thresholdSeconds, double targetPercent, int shortAbandonSeconds,
                               boolean excludeShortAbandons, boolean abandonsInDenominator) {}

    /** Overflow to another queue after waiting this long. */
    public record Overflow(int afterSeconds, String queue) {}

    /**
     * Audio the caller hears while queued. Paths are relative to the configuration directory
     * unless absolute; files are 8 kHz mono 16-bit WAV.
     *
     * @param announceEverySeconds how often position / estimated wait are announced (0: never)
     */
    public record Prompts(String greeting, String music, int announceEverySeconds) {}

    /**
     * The callback that keeps its place (issue 17): a waiting caller's announcement offers "press 1 to be called
     * back" once the caller has waited {@code afterSeconds}, or earlier when the estimated wait passes
     * {@code aboveWaitSeconds}. The prompts are in the greeting's language directory: {@code callback-offer.wav},
     * {@code callback-number.wav}, {@code callback-confirmed.wav} (tools/make-prompts.sh).
     *
     * @param afterSeconds     wait after which every announcement offers the callback
     * @param aboveWaitSeconds estimated wait above which the announcement offers it sooner (0: only afterSeconds)
     */
    public record CallbackOffer(int afterSeconds, int aboveWaitSeconds) {}

    /** The callback prompt {@code name} ("offer", "number", "confirmed") of this queue's language directory. */
    public String callbackPrompt(String name) {
        return java.nio.file.Path.of(prompts.greeting()).toAbsolutePath().getParent()
                .resolve("callback-" + name + ".wav").toString();
    }

    /**
     * The satisfaction survey (满意度评价, issue 17): the customer hears {@code prompt} and rates the call with one key
     * of {@code keys} (the digit is the rating), hears {@code thankYouPrompt} and the call ends; no key within
     * {@code timeoutSeconds} after the prompt is recorded as no answer. Prompt paths are absolute.
     *
     * @param afterAgentHangUp the customer goes to the survey when the agent hangs up (else only by a transfer)
     * @param keys             the digits a customer may rate with, ascending (default 1-5)
     * @param satisfiedFrom    ratings at or above this count as satisfied in customer satisfaction (docs/METRICS.md)
     */
    public record Survey(boolean afterAgentHangUp, String prompt, String thankYouPrompt, List<Integer> keys,
                         int satisfiedFrom, int timeoutSeconds) {
        public Survey {
            keys = List.copyOf(keys);
        }

        /** The rating key {@code digit} stands for, if it is one of {@link #keys}. */
        public Optional<Integer> rating(char digit) {
            int d = digit - '0';
            return keys.contains(d) ? Optional.of(d) : Optional.empty();
        }

        /** The files the survey plays (the gateway plays no other file a server asks for). */
        public List<String> promptFiles() {
            return List.of(prompt, thankYouPrompt);
        }
    }
}
