package dev.cti.link.message;

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
}
