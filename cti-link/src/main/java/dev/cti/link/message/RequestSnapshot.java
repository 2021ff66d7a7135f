package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import io.vertx.core.json.JsonObject;

/**
 * Ask the gateway for a fresh {@link Snapshot}, for instance after the server restarted its own state
 * or saw a {@link CommandRejected} for an unknown call.
 */
public record RequestSnapshot() implements LinkCommand {

    @Override
    public JsonObject toJson() {
        return new JsonObject();
    }

    public static RequestSnapshot fromJson(BodyReader r) {
        return new RequestSnapshot();
    }
}
