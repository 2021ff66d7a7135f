package dev.cti.link.message;

/** Result of a transfer. */
public enum TransferOutcome {
    /** The call left the agent; the agent's leg is released. */
    COMPLETED,
    /** The target did not take the call; the caller is still with the agent. */
    FAILED
}
