package dev.cti.link.message;

/**
 * Call control the server asks the gateway to execute. Commands are fire-and-forget: their results
 * come back as events ({@link AgentRinging}, {@link CallTransferred}, {@link OriginateProgress},
 * {@link CommandRejected}...).
 */
public sealed interface LinkCommand extends LinkMessage
        permits DeliverToAgent, HangUp, Transfer, Originate, Announce, RequestSnapshot, HoldCall, ResumeCall,
                AnswerCall, StartMonitor, SetMonitorMode, StopMonitor, PauseRecording, ResumeRecording,
                AcknowledgeRecordings, DeleteRecordings, PlayPrompts, RouteToQueue, Consult, CompleteConsult,
                CancelConsult, Conference {}
