package dev.cti.link.message;

/**
 * A fact the gateway publishes to the server (design principle 1: the gateway owns call, media and
 * registration state). Events are applied by state, not as deltas: after a reconnect an event may
 * repeat what the {@link Snapshot} already said, and the server must tolerate that.
 */
public sealed interface LinkEvent extends LinkMessage
        permits CallEvent, PhoneRegistered, PhoneUnregistered, OriginateProgress, Snapshot, CommandRejected,
                RecordingStopped, RecordingDiskStatus, RecordingsDeleted, DialRefused, RegistrationLockout {

    /** When the gateway observed the fact, epoch milliseconds. */
    long at();
}
