package dev.cti.link.message;

import java.util.Objects;

/**
 * A supervisor starts monitoring a connected call. The gateway calls the supervisor's registered
 * extension (with {@code Call-Info: answer-after=0} so phones that can auto-answer do), and when it
 * answers attaches the call's mixer in {@code mode}. Result: {@link MonitorStarted}; or
 * {@link MonitorEnded} {@code NOT_ANSWERED}; or {@link CommandRejected} ({@code UNKNOWN_CALL},
 * {@code INVALID_STATE} when the call is not connected to an agent or is already monitored,
 * {@code UNKNOWN_EXTENSION} when the supervisor's phone is not registered).
 *
 * @param monitorId  the server's identifier of this monitor session; every later message names it
 * @param supervisor the supervisor's user name (for logs and events)
 * @param seatId     the agent seat whose phone the supervisor uses (after a take-over the call is that
 *                   seat's, in snapshots too)
 * @param extension  that seat's extension, which the gateway calls
 */
public record StartMonitor(String monitorId, String callId, String supervisor, String seatId, String extension,
                           MonitorMode mode) implements LinkCommand {

    public StartMonitor {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(supervisor, "supervisor");
        Objects.requireNonNull(seatId, "seatId");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(mode, "mode");
    }
}
