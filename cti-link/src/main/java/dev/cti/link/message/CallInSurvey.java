package dev.cti.link.message;

import java.util.Objects;

/**
 * The customer of a call is in its queue's satisfaction survey (issue 17): the agent hung up (or the call was
 * transferred to the survey), the call's {@link CallCleared} with the agent's cause came first, and the gateway kept
 * the customer's leg. It plays nothing until the server, which runs the survey, sends {@link PlayPrompts}; keys come
 * as {@link DtmfReceived}; the server ends it with {@link HangUp}. A customer who hangs up first: {@link SurveyLeft}.
 * The call is in no snapshot meanwhile (it is cleared).
 *
 * @param agentId the agent the customer rates (the last one on the call)
 */
public record CallInSurvey(String callId, String queueId, String agentId, long at) implements CallEvent {

    public CallInSurvey {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(agentId, "agentId");
    }
}
