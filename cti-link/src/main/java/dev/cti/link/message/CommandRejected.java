package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
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

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("commandSeq", commandSeq)
                .put("commandType", commandType)
                .put("callId", callId)
                .put("reason", reason)
                .put("at", at)
                .json();
    }

    public static CommandRejected fromJson(BodyReader r) {
        return new CommandRejected(
                r.longValue("commandSeq"),
                r.string("commandType"),
                r.optString("callId"),
                r.enumValue("reason", RejectReason.class),
                r.longValue("at"));
    }
}
