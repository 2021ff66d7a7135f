package dev.cti.link.message;

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
 * Every message is an immutable record; its body on the wire is derived from its components
 * ({@code dev.cti.link.wire.RecordCodec}: one JSON field per component, by name), and the wire registry
 * ({@code dev.cti.link.wire.MessageRegistry}) finds every record of this hierarchy by its simple name.
 * Validation lives in the records' compact constructors: a {@code requireNonNull(x, "x")} there is what makes
 * {@code x} a required field on the wire.
 */
public sealed interface LinkMessage permits LinkEvent, LinkCommand, LinkControl {}
