package dev.cti.link.message;

/** Why a phone's registration ended. */
public enum UnregisterReason {
    /** The phone sent REGISTER with expires 0. */
    REMOVED,
    /** The registration was not refreshed in time. */
    EXPIRED
}
