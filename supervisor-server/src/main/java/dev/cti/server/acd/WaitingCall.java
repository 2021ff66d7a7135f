package dev.cti.server.acd;

import java.time.Instant;

/**
 * A caller waiting in a queue.
 *
 * @param arrivedAt      when the call reached the contact center (wait-time KPIs count from here)
 * @param enteredQueueAt when it entered its current queue (overflow and maximum wait count from here)
 * @param overflowed     whether it already moved to an overflow queue (it moves once)
 */
public record WaitingCall(String callId, String queueId, Instant arrivedAt, Instant enteredQueueAt,
                          boolean overflowed) {}
