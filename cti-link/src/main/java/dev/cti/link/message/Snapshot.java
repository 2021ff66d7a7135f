package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's complete current state: every live call and every registered phone. It is sent after
 * {@link Hello} on every connection and on {@link RequestSnapshot}, and it is the link's recovery
 * mechanism: events emitted while the link was down are not replayed, the snapshot replaces them.
 * A call the server knows but the snapshot does not list has ended.
 *
 * @param at when the gateway took the snapshot, epoch millis
 */
public record Snapshot(List<CallSnapshot> calls, List<Registration> registrations, long at) implements LinkEvent {

    public Snapshot {
        calls = List.copyOf(calls);
        registrations = List.copyOf(registrations);
    }

    /**
     * One live call.
     *
     * @param queueId     the queue the call waits in or came from; null for outbound calls
     * @param agentId     the agent ringing, talking or holding; null while queued
     * @param extension   the agent's extension; null while queued
     * @param callerNumber the customer's number (for outbound calls, the number dialled)
     * @param startedAt   when the call was offered or originated
     * @param answeredAt  when an agent answered (or the far end of an outbound call); null before
     * @param heldAt      when the current hold began; null unless {@link CallState#HELD}
     * @param monitor     the supervisor monitor session on the call (calling or active); null when there is none,
     *                    and null after a take-over (the supervisor's seat is then the call's agent)
     * @param recording   the call's recording while it runs; null when the call is not (or not yet) recorded
     */
    public record CallSnapshot(
            String callId,
            CallState state,
            String queueId,
            String agentId,
            String extension,
            String callerNumber,
            long startedAt,
            Long answeredAt,
            Long heldAt,
            MonitorSnapshot monitor,
            RecordingSnapshot recording) {

        public CallSnapshot {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(callerNumber, "callerNumber");
        }

        /** A call without a recording. */
        public CallSnapshot(String callId, CallState state, String queueId, String agentId, String extension,
                            String callerNumber, long startedAt, Long answeredAt, Long heldAt,
                            MonitorSnapshot monitor) {
            this(callId, state, queueId, agentId, extension, callerNumber, startedAt, answeredAt, heldAt, monitor,
                    null);
        }

        /** A call nobody monitors. */
        public CallSnapshot(String callId, CallState state, String queueId, String agentId, String extension,
                            String callerNumber, long startedAt, Long answeredAt, Long heldAt) {
            this(callId, state, queueId, agentId, extension, callerNumber, startedAt, answeredAt, heldAt, null);
        }

        /** This call with {@code monitor} (null: none). */
        public CallSnapshot withMonitor(MonitorSnapshot monitor) {
            return new CallSnapshot(callId, state, queueId, agentId, extension, callerNumber, startedAt, answeredAt,
                    heldAt, monitor, recording);
        }

        /** This call with {@code recording} (null: none). */
        public CallSnapshot withRecording(RecordingSnapshot recording) {
            return new CallSnapshot(callId, state, queueId, agentId, extension, callerNumber, startedAt, answeredAt,
                    heldAt, monitor, recording);
        }

        /** Masks the phone number: records end up in log lines. */
        @Override
        public String toString() {
            return "CallSnapshot[callId=" + callId + ", state=" + state + ", queueId=" + queueId
                    + ", agentId=" + agentId + ", extension=" + extension
                    + ", callerNumber=" + PhoneMask.mask(callerNumber) + ", startedAt=" + startedAt
                    + ", answeredAt=" + answeredAt + ", heldAt=" + heldAt + ", monitor=" + monitor
                    + ", recording=" + recording + "]";
        }
    }

    /**
     * The supervisor monitor session of one call, so that a server that restarts or reconnects knows the
     * gateway's monitor legs: it lists them, follows their later Monitor* events and can stop them. A session
     * that has ended is not listed; neither is a take-over (final: the call's agent is the supervisor's seat).
     *
     * @param supervisor the server's user name of the supervisor, as sent in {@link StartMonitor}
     * @param seatId     the supervisor's seat whose phone the gateway calls
     * @param mode       the current mode; {@link MonitorMode#TAKEOVER} only while {@link MonitorSnapshotState#CALLING}
     *                   (a take-over whose phone still rings: once answered the call is the supervisor's)
     */
    public record MonitorSnapshot(String monitorId, String supervisor, String seatId, MonitorMode mode,
                                  MonitorSnapshotState state) {

        public MonitorSnapshot {
            Objects.requireNonNull(monitorId, "monitorId");
            Objects.requireNonNull(supervisor, "supervisor");
            Objects.requireNonNull(seatId, "seatId");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * The recording of one live call, so that a server that restarts or reconnects knows which calls are recorded
     * and which are paused (the pause button's state), and can index one it missed with its true file and start.
     *
     * @param file      the file under the gateway's recording directory (as in {@code RecordingStarted}); null
     *                  from gateways that predate it
     * @param startedAt the audio's time 0, epoch ms (as {@code RecordingStarted.at}); null from older gateways
     */
    public record RecordingSnapshot(String recordingId, boolean paused, String file, Long startedAt) {

        public RecordingSnapshot {
            Objects.requireNonNull(recordingId, "recordingId");
        }

        /** Without the file and start (what gateways before these fields sent). */
        public RecordingSnapshot(String recordingId, boolean paused) {
            this(recordingId, paused, null, null);
        }
    }

    /** Where a listed monitor session stands on the gateway. */
    public enum MonitorSnapshotState {
        /** StartMonitor received; the supervisor's phone is being called. */
        CALLING,
        /** The supervisor's phone answered; the mixer runs in the session's mode. */
        ACTIVE
    }

    /**
     * One registered phone.
     *
     * @param contact   the registered Contact URI
     * @param expiresAt when the registration lapses unless refreshed, epoch millis
     */
    public record Registration(String extension, String contact, long expiresAt) {

        public Registration {
            Objects.requireNonNull(extension, "extension");
            Objects.requireNonNull(contact, "contact");
        }
    }
}
