package dev.cti.link.message;

import java.util.Objects;

/**
 * The voice menu is done with a call (issue 17): put it in {@code queueId}. The gateway reports
 * {@link CallOffered} for that queue and plays the queue's greeting and music, as for a call dialled to the
 * queue's number. Refused INVALID_STATE for a call that is not in a menu.
 */
public record RouteToQueue(String callId, String queueId) implements LinkCommand {

    public RouteToQueue {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(queueId, "queueId");
    }
}
