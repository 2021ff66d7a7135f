package dev.cti.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Outbound work (issue 18): the script a click-to-dial call shows on the agent's desktop, and the preview campaigns
 * defined in configuration ({@code conf/campaigns.yaml}).
 *
 * @param script    id of the script shown for a click-to-dial call outside any campaign
 * @param campaigns the preview campaigns
 * @param holdMinutes how long a record stays with the agent who took it, not dialled, before it goes back to the list
 */
public record OutboundConfig(Optional<String> script, List<Campaign> campaigns, int holdMinutes) {
    /** {@code outbound.holdMinutes} when not given. */
    public static final int DEFAULT_HOLD_MINUTES = 30;
    public static final OutboundConfig NONE = new OutboundConfig(Optional.empty(), List.of());

    public OutboundConfig {
        campaigns = List.copyOf(campaigns);
        if (holdMinutes < 1) {
            throw new IllegalArgumentException("holdMinutes must be positive");
        }
    }

    /** With the default hold ({@value #DEFAULT_HOLD_MINUTES} minutes). */
    public OutboundConfig(Optional<String> script, List<Campaign> campaigns) {
        this(script, campaigns, DEFAULT_HOLD_MINUTES);
    }

    public Optional<Campaign> campaign(String id) {
        return campaigns.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /**
     * A preview campaign: agents of its queue (by skill) or team work its call list one record at a time.
     *
     * @param queue     the queue whose agents work it (exactly one of queue and team)
     * @param team      the team whose agents work it
     * @param script    the script shown for its calls
     * @param outcomes  the wrap-up codes an agent ends a record with (the standard's outbound outcomes)
     * @param hours     when its numbers may be called, in site.timeZone
     * @param retries   per outcome: how many more attempts and how far apart (an outcome without one is final)
     * @param doNotCall numbers never called (an import skips them)
     */
    public record Campaign(String id, Localized name, Optional<String> queue, Optional<String> team, String script,
                           List<String> outcomes, CallingHours hours, Map<String, Retry> retries,
                           Set<String> doNotCall) {
        public Campaign {
            outcomes = List.copyOf(outcomes);
            retries = Map.copyOf(retries);
            doNotCall = Set.copyOf(doNotCall);
        }
    }

    /** Calling hours: from {@code start} to {@code end} on {@code days}. */
    public record CallingHours(LocalTime start, LocalTime end, Set<DayOfWeek> days) {
        public CallingHours {
            days = Set.copyOf(days);
        }

        public boolean allows(DayOfWeek day, LocalTime time) {
            return days.contains(day) && !time.isBefore(start) && time.isBefore(end);
        }
    }

    /** Up to {@code count} more attempts, at least {@code spacingMinutes} apart. */
    public record Retry(int count, int spacingMinutes) {}
}
