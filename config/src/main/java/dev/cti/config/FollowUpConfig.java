package dev.cti.config;

import java.util.List;

/**
 * Scheduled callbacks and complaint follow-up (issue 17, docs/API.md "Follow-ups"): a wrap-up code of category
 * callback books a call back at a time agreed with the customer; one of category complaint opens a follow-up that a
 * supervisor closes with a note.
 *
 * @param callbackHorizonDays      how far ahead a callback may be booked
 * @param callbackRetries          further attempts after one the customer did not answer (0: none)
 * @param callbackRetryMinutes     the wait between two attempts
 * @param callbackOverdueMinutes   a callback not done this long after it was due is flagged overdue
 * @param complaintDueHours        a complaint's follow-up is due this long after the wrap-up
 * @param complaintCloseWorkingDays a complaint not closed within this many working days (not weekends, not
 *                                 {@code holidays}) is flagged overdue
 * @param complaintLevels          the complaint levels an agent or supervisor chooses from, mildest first; the
 *                                 first is the default
 */
public record FollowUpConfig(int callbackHorizonDays, int callbackRetries, int callbackRetryMinutes,
                             int callbackOverdueMinutes, int complaintDueHours, int complaintCloseWorkingDays,
                             List<String> complaintLevels) {

    /** The schema's defaults. */
    public static final FollowUpConfig DEFAULTS = new FollowUpConfig(30, 2, 30, 15, 24, 2,
            List.of("general", "serious", "major"));

    public FollowUpConfig {
        complaintLevels = List.copyOf(complaintLevels);
        if (complaintLevels.isEmpty()) {
            throw new IllegalArgumentException("complaintLevels must not be empty");
        }
    }
}
