package dev.cti.link.message;

/** Why a dial out was refused (see {@link DialRefused}). */
public enum DialRefusal {
    /** Not a number: not digits with an optional leading '+', empty, too long, and not a queue either. */
    BAD_NUMBER,
    /** The trunk's dial plan denies it (international, premium rate...). */
    DENIED,
    /** No pattern of the trunk's dial plan allows it. */
    NOT_ALLOWED,
    /** The role of whoever asked may not dial or transfer out ({@code dialing} in the configuration). */
    ROLE_NOT_ALLOWED,
    /** No trunk is configured to dial through. */
    NO_TRUNK
}
