package dev.cti.config;

import java.util.List;

/**
 * The service-standard timers (domain.md §2).
 *
 * @param ringTargetRings        answer within this many rings (3 in the standards)
 * @param ringCadenceSeconds     length of one ring, to turn ring time into a ring count
 * @param holdThresholdsSeconds  ascending hold-timer thresholds; each crossing is an event (10, 60, 120)
 * @param waitReassuranceSeconds a customer kept waiting this long gets a reassurance phrase (10)
 */
public record ComplianceConfig(int ringTargetRings, double ringCadenceSeconds,
                               List<Integer> holdThresholdsSeconds, int waitReassuranceSeconds) {
    public ComplianceConfig {
        holdThresholdsSeconds = List.copyOf(holdThresholdsSeconds);
    }
}
