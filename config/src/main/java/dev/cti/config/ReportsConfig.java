package dev.cti.config;

import java.util.Optional;

/**
 * Reports and interval statistics (issue 15; docs/METRICS.md): how often the interval job brings the 15-minute rows up
 * to date, the window of the first-contact-resolution indicator, and the costs the cost-per-call indicator needs.
 *
 * @param refreshSeconds         how often the interval job picks up new records (the live "today" figures lag by at
 *                               most this)
 * @param lateMarginSeconds      records whose time is this much older than the job's last run are still picked up
 *                               (a write that committed just after a run)
 * @param openRowFlushSeconds    an open interval's agent row whose only change is its agent's growing time in a state is
 *                               written at most this often (and always at the interval's close and at shutdown); a row
 *                               whose counts change (a call, a state change) is written at once
 * @param repeatCallHours        a call from the same number to the same queue within this many hours of an answered
 *                               call means the first was not resolved (一次性解决问题率)
 * @param agentHourCost          cost of one logged-in agent hour, for cost per call; empty: not configured
 * @param trunkMinuteCost        cost of one trunk minute, for cost per call; empty: not configured
 * @param currency               the currency of both costs (a label)
 */
public record ReportsConfig(int refreshSeconds, int lateMarginSeconds, int openRowFlushSeconds, int repeatCallHours,
                            Optional<Double> agentHourCost, Optional<Double> trunkMinuteCost, String currency) {

    /** The schema's defaults. */
    public static final ReportsConfig DEFAULTS = new ReportsConfig(2, 120, 30, 24, Optional.empty(), Optional.empty(),
            "CNY");

    /** Whether cost per call can be computed (both costs configured). */
    public boolean costsConfigured() {
        return agentHourCost.isPresent() && trunkMinuteCost.isPresent();
    }
}
