package dev.cti.link.message;

/** What a {@link Transfer} target names. */
public enum TargetKind {
    /** A queue id: the caller goes back to waiting, the server routes it again. */
    QUEUE,
    /** A phone number or extension the gateway dials. */
    NUMBER,
    /**
     * The satisfaction survey of the call's queue, named by its id (issue 17): the agent's leg is ended, the call
     * cleared TRANSFERRED, and the customer stays for the survey ({@link CallInSurvey}).
     */
    SURVEY
}
