package dev.cti.link.message;

import io.vertx.core.json.JsonObject;

/**
 * Everything that travels on the CTI link. The hierarchy is sealed so that code on either side can
 * {@code switch} over it exhaustively: adding a message makes every switch that misses it fail to compile.
 *
 * <ul>
 *   <li>{@link LinkEvent}: gateway to server, facts about calls and phones the gateway owns;
 *   <li>{@link LinkCommand}: server to gateway, call control the server decided;
 *   <li>{@link LinkControl}: the link's own housekeeping (hello, heartbeat), handled by the transport.
 * </ul>
 *
 * Every message is an immutable record with a {@code toJson()} for its body and a static
 * {@code fromJson(BodyReader)}; the wire registry ({@code dev.cti.link.wire.MessageRegistry}) maps
 * the type names.
 */
public sealed interface LinkMessage permits LinkEvent, LinkCommand, LinkControl {

    /** The message body, without the envelope. */
    JsonObject toJson();
}
