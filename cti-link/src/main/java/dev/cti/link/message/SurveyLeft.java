package dev.cti.link.message;

import java.util.Objects;

/** The customer of a call in a satisfaction survey ({@link CallInSurvey}) hung up (or the leg died) before the server did. */
public record SurveyLeft(String callId, long at) implements CallEvent {

    public SurveyLeft {
        Objects.requireNonNull(callId, "callId");
    }
}
