package dev.cti.server.agent;

/**
 * Not-ready reasons the system sets by itself. They start with {@code system.} so they can never clash
 * with the configured reason codes an agent chooses from.
 */
public final class SystemReasons {
    /** Just logged in: not ready until the agent says so. */
    public static final String LOGIN = "system.login";
    /** Ring no answer: the offered call was not picked up in time. */
    public static final String RONA = "system.rona";
    /** The phone could not be rung. */
    public static final String RING_FAILED = "system.ring-failed";
    /** Forced by a supervisor without a configured reason. */
    public static final String FORCED = "system.forced";

    private SystemReasons() {}

    public static boolean isSystem(String reason) {
        return reason != null && reason.startsWith("system.");
    }
}
