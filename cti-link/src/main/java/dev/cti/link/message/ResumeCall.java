package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Take a held call off hold (whichever side held it: the gateway after {@link HoldCall}, or the agent's
 * phone by re-INVITE, in which case the gateway re-INVITEs the phone with sendrecv). Result:
 * {@link CallResumed}, or {@link CommandRejected} ({@code INVALID_STATE} when the call is not held).
 */
public record ResumeCall(String callId) implements LinkCommand {

    public ResumeCall {
        Objects.requireNonNull(callId, "callId");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter().put("callId", callId).json();
    }

    public static ResumeCall fromJson(BodyReader r) {
        return new ResumeCall(r.string("callId"));
    }
}
