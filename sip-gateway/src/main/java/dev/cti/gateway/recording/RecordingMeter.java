package dev.cti.gateway.recording;

/**
 * The catalogue of the gateway's recording meters: every name and help text in one place (Micrometer's dotted
 * names; Prometheus adds {@code _total} to counters). No per-call labels; every label has a bounded set of values.
 */
public enum RecordingMeter {
    ACTIVE("recordings.active", "Calls being recorded now"),
    BYTES_WRITTEN("recording.bytes.written", "Bytes of encrypted recording files written"),
    FAILURES("recording.failures", "Recordings that failed while the call went on, by reason (tag reason)"),
    SKIPPED("recordings.skipped", "Connected calls not recorded, by reason (tag reason)"),
    FINISHED("recordings.finished", "Recordings finished, by status (tag status: complete, partial, failed)"),
    PACKETS_DROPPED("recording.packets.dropped",
            "Audio packets the recording aligner dropped (tag reason: ahead = a burst beyond the jitter window, late)"),
    DISK_FREE("recording.disk.free.bytes", "Free bytes in the recording directory (checked every few seconds)"),
    DISK_FLOOR("recording.disk.floor.bytes", "The configured floor (recording.minFreeMegabytes) in bytes"),
    OUTBOX("recording.outbox.pending", "Finished recordings the server has not acknowledged as indexed yet");

    private final String meterName;
    private final String help;

    RecordingMeter(String meterName, String help) {
        this.meterName = meterName;
        this.help = help;
    }

    public String meterName() {
        return meterName;
    }

    public String help() {
        return help;
    }
}
