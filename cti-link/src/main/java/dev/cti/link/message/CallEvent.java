package dev.cti.link.message;

/** An event about one call, so that the server can route it to that call's handler by {@link #callId()}. */
public sealed interface CallEvent extends LinkEvent
        permits CallOffered, AgentRinging, AgentRingFailed, CallAnswered, CallHeld, CallResumed,
                CallTransferred, CallCleared, DtmfReceived, MonitorStarted, MonitorModeChanged, MonitorEnded,
                RecordingStarted, RecordingPaused, RecordingResumed, RecordingSkipped, CallInMenu, PromptsPlayed,
                ConsultProgress, CallInSurvey, SurveyLeft {

    /** The gateway's identifier of the call (stable for its whole life, across transfers). */
    String callId();
}
