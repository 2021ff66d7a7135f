package dev.cti.link.message;

/**
 * Ask the gateway for a fresh {@link Snapshot}, for instance after the server restarted its own state
 * or saw a {@link CommandRejected} for an unknown call.
 */
public record RequestSnapshot() implements LinkCommand {}
