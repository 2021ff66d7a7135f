package dev.cti.server.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * What a report covers: local days {@code from}..{@code to} (inclusive), grouped {@code by}, optionally one queue, team
 * or agent, and (supervisors, QA users) only the agents the caller may see.
 *
 * @param visibleAgents empty: every agent (admins); else the agents the caller's teams hold
 */
public record ReportQuery(LocalDate from, LocalDate to, Period by, Optional<String> queue, Optional<String> team,
                          Optional<String> agent, Optional<Set<String>> visibleAgents) {

    public Instant start(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant end(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** Days in the range. */
    public long days() {
        return to.toEpochDay() - from.toEpochDay() + 1;
    }
}
