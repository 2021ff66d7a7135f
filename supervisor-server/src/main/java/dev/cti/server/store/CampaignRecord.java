package dev.cti.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One record of a campaign's call list (issue 18).
 *
 * @param status     {@code PENDING} (waiting, from {@code nextAt}), {@code PREVIEW} (handed to {@code agentId}),
 *                   {@code DONE} (a final outcome, {@code lastOutcome}) or {@code SKIPPED}
 * @param attempts   outcomes recorded so far
 * @param retries    of them, how many put the record back for another attempt
 * @param dialled    the click-to-dial request of the current preview, once dialled
 */
public record CampaignRecord(long id, String campaignId, String number, String name, Optional<String> title,
                             Optional<String> notes, String status, Optional<String> agentId, int attempts, int retries,
                             Instant nextAt, Optional<String> lastOutcome, Optional<Instant> callbackAt,
                             Optional<String> dialled) {
    public static final String PENDING = "PENDING";
    public static final String PREVIEW = "PREVIEW";
    public static final String DONE = "DONE";
    public static final String SKIPPED = "SKIPPED";
}
