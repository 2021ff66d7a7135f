package dev.cti.link.message;

import java.util.Objects;

/**
 * The gateway refused a command. A rejection naming an unknown call tells the server that its view
 * has drifted; it should reconcile (for instance with {@link RequestSnapshot}).
 *
 * @param commandSeq seq of the command's envelope
 * @param commandType type name of the command
 * @param callId the call the command named, if any
 */
public record CommandRejected(
        long commandSeq,
        String commandType,
        String callId,
        RejectReason reason,
        long at)
        implements LinkEvent {

    public CommandRejected {
        Objects.requireNonNull(commandType, "commandType");
        Objects.requireNonNull(reason, "reason");
    }
}
