package dev.cti.gateway.media.record;

import dev.cti.link.message.RecordingSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * How a recording's paused and hold spans end with it: a span still open when the recording ends (the call hung up
 * while paused or held, or the gateway died) ends at the recording's end, and no span reaches past the audio (a
 * recording that failed, or was cut by a crash, is shorter than the call). The one rule for the live end
 * ({@link CallRecording#stop}) and the repair after a crash, so that {@code RecordingStopped} always lists spans
 * within {@code [0, durationMillis]}; the server closes a pause it still has open at the same point.
 */
public final class SpanList {
    private SpanList() {}

    /**
     * {@code spans} plus the span opened at {@code open} (null: none), each cut at {@code endMillis}; spans that begin
     * after it are dropped.
     */
    public static List<RecordingSpan> closedAt(List<RecordingSpan> spans, Long open, long endMillis) {
        List<RecordingSpan> out = new ArrayList<>();
        for (RecordingSpan s : spans) {
            if (s.startMillis() <= endMillis) {
                out.add(new RecordingSpan(s.startMillis(), Math.min(s.endMillis(), endMillis)));
            }
        }
        if (open != null && open <= endMillis) {
            out.add(new RecordingSpan(open, endMillis));
        }
        return List.copyOf(out);
    }
}
