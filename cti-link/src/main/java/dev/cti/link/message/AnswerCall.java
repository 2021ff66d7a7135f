package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Answer a ringing agent leg remotely: the gateway asks the agent's phone to answer with a NOTIFY
 * {@code Event: talk} (the remote-control event desk phones and our agent client implement). Result:
 * {@link CallAnswered} when the phone answers; {@link CommandRejected} {@code PHONE_REFUSED} when the phone
 * refuses the request (phones without remote answer reply 489 or 405), {@code INVALID_STATE} when the
 * call is not ringing an agent.
 */
public record AnswerCall(String callId) implements LinkCommand {

    public AnswerCall {
        Objects.requireNonNull(callId, "callId");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter().put("callId", callId).json();
    }

    public static AnswerCall fromJson(BodyReader r) {
        return new AnswerCall(r.string("callId"));
    }
}
