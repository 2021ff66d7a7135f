package dev.cti.gateway.recording;

import dev.cti.link.message.RecordingFailure;
import dev.cti.link.message.RecordingSpan;
import dev.cti.link.message.RecordingStatus;
import dev.cti.link.message.RecordingStopped;
import dev.cti.recording.RecordingHeader;
import dev.cti.recording.RecordingKeys;
import dev.cti.recording.RecordingReader;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the gateway's start, before any call: every recording a crash left in {@code .state/active} is repaired (a torn
 * tail cut off), measured, and reported {@code PARTIAL} with its true length and the spans its sidecar kept (open
 * ones closed at that length), or {@code FAILED CORRUPT} when it cannot be read; a recording finished just before
 * the crash only has its marker moved. Each goes to the {@link RecordingOutbox}.
 */
final class CrashRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecovery.class);

    private final RecordingStore store;
    private final RecordingOutbox outbox;
    private final Clock clock;

    CrashRecovery(RecordingStore store, RecordingOutbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Repairs every active recording that {@code live} does not claim. */
    void recover(RecordingKeys keys, Predicate<String> live) throws IOException {
        for (String id : store.activeIds()) {
            if (live.test(id)) {
                continue;
            }
            try {
                recoverOne(id, keys);
            } catch (IOException | RuntimeException e) {
                LOG.error("recording {} could not be recovered: {}", id, e.toString());
            }
        }
    }

    private void recoverOne(String id, RecordingKeys keys) throws IOException {
        JsonObject sidecar = store.readSidecar(id);
        if (Sidecar.isFinished(sidecar)) {
            store.finished(id); // finished, then crashed before the marker moved
            return;
        }
        Path file = store.file(id);
        String callId = sidecar == null ? "unknown" : sidecar.getString("callId", "unknown");
        long startedAt = sidecar == null ? 0 : sidecar.getLong("startedAt", 0L);
        String keyId = sidecar == null ? "unknown" : sidecar.getString("keyId", "unknown");
        RecordingStopped metadata;
        try {
            RecordingReader.RepairResult r = RecordingReader.repair(file, keys);
            List<List<RecordingSpan>> spans = sidecar == null ? List.of(List.of(), List.of())
                    : Sidecar.spansClosedAt(sidecar, r.durationMillis());
            metadata = new RecordingStopped(id, callId, RecordingStore.relativeFile(id), RecordingStatus.PARTIAL, null,
                    r.header().startedAtMillis(), r.durationMillis(), r.fileBytes(), r.sha256(), r.header().keyId(),
                    RecordingHeader.SAMPLE_RATE, RecordingHeader.CHANNELS, spans.get(0), spans.get(1), clock.millis());
            LOG.warn("recording {} of call {} was left unfinished by a crash: repaired, {} ms playable{}", id, callId,
                    r.durationMillis(), r.truncatedBytes() > 0 ? " (" + r.truncatedBytes() + " torn bytes cut)" : "");
        } catch (IOException e) {
            long size = Files.exists(file) ? Files.size(file) : 0;
            String sha = Files.exists(file) ? RecordingReader.sha256Hex(file) : "";
            metadata = new RecordingStopped(id, callId, RecordingStore.relativeFile(id), RecordingStatus.FAILED,
                    RecordingFailure.CORRUPT, startedAt, 0, size, sha, keyId, RecordingHeader.SAMPLE_RATE,
                    RecordingHeader.CHANNELS, List.of(), List.of(), clock.millis());
            LOG.error("recording {} of call {} left by a crash cannot be read: {}", id, callId, e.getMessage());
        }
        outbox.publish(metadata);
    }
}
