package dev.cti.link.message;

/** What asked for a dial that was refused (see {@link DialRefused}). */
public enum DialSource {
    /** A REFER from an agent's phone (blind transfer to a number). */
    REFER,
    /** The server's {@link Transfer} command to a number. */
    TRANSFER,
    /** The server's {@link Originate} command (click-to-dial). */
    ORIGINATE
}
