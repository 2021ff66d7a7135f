package dev.cti.server.call;

import dev.cti.link.message.Leg;
import java.time.Instant;

/**
 * The flow that owns a call and wants its keys (issue 17: IVR menus, the callback offer, surveys): told of every key
 * pressed on the call's caller or agent leg, on the call center's context, after the key was handed to the store.
 * Must not block. A call nobody owns has its keys stored only ({@link #NONE}).
 */
@FunctionalInterface
public interface KeyListener {
    /** Stores nothing more, decides nothing: the owner of a call no flow has taken. */
    KeyListener NONE = (callId, leg, digit, at) -> { };

    /**
     * @param digit 0-9, *, #, A-D; may be part of a card number: never log it at INFO or above
     */
    void keyPressed(String callId, Leg leg, char digit, Instant at);
}
