package dev.cti.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Optional;
import java.util.Set;

/**
 * A team of agents; supervisors are given the teams they may monitor (see {@link UserConfig}). The optional shift is
 * what attendance (出勤率) is measured against.
 */
public record TeamConfig(String id, Localized name, Optional<Shift> shift) {

    /** A team without a shift (code that builds one by hand, e.g. tests). */
    public TeamConfig(String id, Localized name) {
        this(id, name, Optional.empty());
    }

    /**
     * The team's working hours: every agent of the team is expected logged in from {@code start} to {@code end} (site
     * time) on {@code days}. Both on a quarter hour (the report intervals), start before end.
     */
    public record Shift(LocalTime start, LocalTime end, Set<DayOfWeek> days) {
        public Shift {
            days = Set.copyOf(days);
        }
    }
}
