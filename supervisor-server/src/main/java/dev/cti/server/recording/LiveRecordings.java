package dev.cti.server.recording;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which live calls are being recorded, paused or not, and why the others are not: the pause button's state. Fed by
 * the recording events and replaced by each snapshot (its calls carry {@code recording {recordingId, paused}}).
 * Touched on the recording index's context only.
 */
final class LiveRecordings {
    /** A live call's recording. */
    record Live(String recordingId, String file, boolean paused) {
        Live paused(boolean p) {
            return new Live(recordingId, file, p);
        }
    }

    private final Map<String, Live> byCall = new HashMap<>();
    private final Map<String, String> skipped = new HashMap<>();

    Optional<Live> of(String callId) {
        return Optional.ofNullable(byCall.get(callId));
    }

    Optional<String> skipReason(String callId) {
        return Optional.ofNullable(skipped.get(callId));
    }

    void started(String callId, String recordingId, String file) {
        byCall.put(callId, new Live(recordingId, file, false));
        skipped.remove(callId);
    }

    void paused(String callId, String recordingId, String file, boolean paused) {
        Live l = byCall.get(callId);
        byCall.put(callId, l != null && l.recordingId().equals(recordingId) ? l.paused(paused)
                : new Live(recordingId, file, paused));
    }

    void skipped(String callId, String reason) {
        byCall.remove(callId);
        skipped.put(callId, reason);
    }

    /** The recording ended (RecordingStopped): the call, if still up, is no longer recorded. */
    void stopped(String callId, String recordingId) {
        Live l = byCall.get(callId);
        if (l != null && l.recordingId().equals(recordingId)) {
            byCall.remove(callId);
        }
    }

    void callEnded(String callId) {
        byCall.remove(callId);
        skipped.remove(callId);
    }

    /** A snapshot: only the calls it lists are live; {@code recorded} are the ones it says are recorded. */
    void replace(Set<String> liveCalls, Map<String, Live> recorded) {
        byCall.clear();
        byCall.putAll(recorded);
        skipped.keySet().retainAll(liveCalls);
    }
}
