package dev.cti.config;

import java.util.Map;
import java.util.Optional;

/**
 * Call recording (issue 12; docs/MEDIA.md "Recording"): which calls are recorded, where the encrypted files and
 * their key file live, the free-space floor under which new calls are not recorded, and what the server does with
 * the recordings.
 *
 * @param directory          where the gateway writes recordings (relative paths: to the working directory); empty:
 *                           {@code <storage.dataDir>/recordings} ({@link CtiConfig#recordingDirectory()})
 * @param keyFile            the key file ({@code <keyId> <base64 key>} lines, the last is current); generated with
 *                           one key on first start when missing; empty: {@code <storage.dataDir>/recording-keys.txt}
 *                           ({@link CtiConfig#recordingKeyFile()})
 * @param minFreeMegabytes   under this much free space in {@code directory}, new calls are not recorded
 * @param retentionDays      the server's daily job deletes recordings older than this
 * @param agentsHearOwnCalls whether an agent may play their own calls' recordings
 * @param defaultPolicy      for queues without their own entry in {@code queues}
 * @param clickToDial        for click-to-dial (Originate) calls
 * @param queues             queue id → policy, overriding {@code defaultPolicy}
 */
public record RecordingConfig(Optional<String> directory, Optional<String> keyFile, long minFreeMegabytes, int retentionDays,
                              boolean agentsHearOwnCalls, RecordingPolicy defaultPolicy, RecordingPolicy clickToDial,
                              Map<String, RecordingPolicy> queues) {

    public RecordingConfig {
        queues = Map.copyOf(queues);
    }

    /** The schema's defaults: every call recorded, files under the data directory. */
    public static final RecordingConfig DEFAULTS = new RecordingConfig(Optional.empty(), Optional.empty(), 1024, 180,
            false, RecordingPolicy.ALL, RecordingPolicy.ALL, Map.of());

    /** The policy of an inbound call of {@code queueId}. */
    public RecordingPolicy policyForQueue(String queueId) {
        return queues.getOrDefault(queueId, defaultPolicy);
    }

    /** The floor in bytes. */
    public long minFreeBytes() {
        return minFreeMegabytes * 1024 * 1024;
    }

    /** A copy with another floor (tests set it above the free space). */
    public RecordingConfig withMinFreeMegabytes(long newMinFreeMegabytes) {
        return new RecordingConfig(directory, keyFile, newMinFreeMegabytes, retentionDays, agentsHearOwnCalls,
                defaultPolicy, clickToDial, queues);
    }
}
