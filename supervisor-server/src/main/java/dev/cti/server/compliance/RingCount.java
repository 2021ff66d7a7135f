package dev.cti.server.compliance;

import dev.cti.config.ComplianceConfig;
import java.time.Duration;

/**
 * Rings from ring time (domain §2: answer within three rings). One ring is
 * {@link ComplianceConfig#ringCadenceSeconds()} long; a ring that has started counts, so a call answered
 * after 12 s with a 5 s cadence was answered on the 3rd ring, and one answered after 15.2 s on the 4th.
 */
public final class RingCount {
    private RingCount() {}

    public static int of(Duration ringTime, ComplianceConfig compliance) {
        long cadenceMillis = Math.round(compliance.ringCadenceSeconds() * 1000);
        long ms = Math.max(0, ringTime.toMillis());
        return (int) Math.max(1, (ms + cadenceMillis - 1) / cadenceMillis);
    }

    /** Whether the answer met the target ({@link ComplianceConfig#ringTargetRings()}). */
    public static boolean withinTarget(Duration ringTime, ComplianceConfig compliance) {
        return of(ringTime, compliance) <= compliance.ringTargetRings();
    }
}
