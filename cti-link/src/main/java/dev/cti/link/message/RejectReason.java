package dev.cti.link.message;

/** Why the gateway refused a command (see {@link CommandRejected}). */
public enum RejectReason {
    /** The command names a call the gateway does not have: the server's view has drifted. */
    UNKNOWN_CALL,
    /** The call exists but is not in a state where the command applies. */
    INVALID_STATE,
    /** The extension is not registered. */
    UNKNOWN_EXTENSION,
    /** The gateway is at its call limit. */
    CAPACITY,
    /** The agent's phone refused a remote-control request (it does not implement remote answer). */
    PHONE_REFUSED,
    /** The gateway does not implement the command. */
    UNSUPPORTED,
    /** PauseRecording / ResumeRecording for a call that is not being recorded (not sampled, policy, disk floor). */
    NOT_RECORDED,
    /** The trunk's dial plan refuses the number (a {@link DialRefused} says why). */
    NOT_ALLOWED
}
