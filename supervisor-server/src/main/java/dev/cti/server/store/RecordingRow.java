package dev.cti.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One recording in the index (table {@code recordings} with its paused and hold spans). An {@code IN_PROGRESS} row
 * knows only the call, the file and when the audio began; {@code RecordingStopped} fills in the rest.
 *
 * @param agentId   the call's agent when recording started (the CDR's agent is the truth once the call has ended)
 * @param file      path relative to {@code recording.directory}
 * @param startedAt the audio's time 0
 * @param deletedAt when the retention job had the file deleted (the audio is gone, the row stays)
 */
public record RecordingRow(String id, String callId, Optional<String> agentId, String file, Instant startedAt,
                           Optional<Instant> endedAt, Optional<Long> durationMillis, Optional<Integer> channels,
                           Optional<Integer> sampleRate, Optional<Long> sizeBytes, Optional<String> sha256,
                           Optional<String> keyId, Status status, Optional<String> failure, Instant indexedAt,
                           Optional<Instant> deletedAt, List<Pause> pauses, List<Span> holds) {

    public RecordingRow {
        pauses = List.copyOf(pauses);
        holds = List.copyOf(holds);
    }

    /** Where a recording stands in the index. */
    public enum Status {
        /** Being written (RecordingStarted, or adopted from a snapshot): plays up to its last written chunk. */
        IN_PROGRESS,
        COMPLETE,
        /** The gateway died while the call was up; repaired, plays to its true length. */
        PARTIAL,
        /** Writing failed ({@code failure} says why); what was written before plays. */
        FAILED
    }

    /**
     * A paused (silent) span, milliseconds from the recording's start.
     *
     * @param endMillis empty while the recording is still paused
     */
    public record Pause(long startMillis, Optional<Long> endMillis, Optional<String> pausedBy,
                        Optional<String> resumedBy) {}

    /** A span of the recording, milliseconds from its start (a hold: what the customer heard). */
    public record Span(long startMillis, long endMillis) {}
}
