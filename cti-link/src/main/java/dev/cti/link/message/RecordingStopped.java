package dev.cti.link.message;

import java.util.List;
import java.util.Objects;

/**
 * A recording's final metadata: what the server indexes. Sent when the recording ends (the call ended, writing
 * failed) or, for a recording the gateway found unfinished at its start (a crash), after repairing it. This is the
 * gateway's durable outbox: it is sent again after every (re)connection of the link until the server answers
 * {@link AcknowledgeRecordings} with its id, so it may arrive more than once, long after the call: apply it
 * idempotently by {@code recordingId}. Not a {@link CallEvent}: the call may be long gone.
 *
 * @param file           path relative to the gateway's {@code recording.directory}
 * @param status         {@code COMPLETE}, {@code PARTIAL} (crash; true length) or {@code FAILED}
 * @param failure        why it failed; null unless {@code FAILED}
 * @param startedAt      epoch ms of the audio's time 0
 * @param durationMillis audio the file plays
 * @param sizeBytes      size of the encrypted file
 * @param sha256         lowercase hex SHA-256 of the encrypted file
 * @param keyId          the key it is encrypted with (also in its header)
 * @param pausedSpans    silent spans (pause / resume), ms from the start
 * @param holdSpans      spans the call was on hold (the customer heard music), ms from the start
 */
public record RecordingStopped(String recordingId, String callId, String file, RecordingStatus status,
                               RecordingFailure failure, long startedAt, long durationMillis, long sizeBytes,
                               String sha256, String keyId, int sampleRate, int channels,
                               List<RecordingSpan> pausedSpans, List<RecordingSpan> holdSpans, long at)
        implements LinkEvent {

    public RecordingStopped {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(keyId, "keyId");
        pausedSpans = List.copyOf(pausedSpans);
        holdSpans = List.copyOf(holdSpans);
    }

    /** This metadata sent again now ({@code at} is the time of sending). */
    public RecordingStopped resentAt(long now) {
        return new RecordingStopped(recordingId, callId, file, status, failure, startedAt, durationMillis, sizeBytes,
                sha256, keyId, sampleRate, channels, pausedSpans, holdSpans, now);
    }
}
