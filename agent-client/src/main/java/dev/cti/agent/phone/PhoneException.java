package dev.cti.agent.phone;

/** A command the phone refuses (wrong call state, bad argument); the message is shown to the agent. */
public final class PhoneException extends Exception {
    public PhoneException(String message) {
        super(message);
    }
}
