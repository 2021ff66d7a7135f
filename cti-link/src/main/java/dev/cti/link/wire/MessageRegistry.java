package dev.cti.link.wire;

import dev.cti.link.message.AcknowledgeRecordings;
import dev.cti.link.message.AgentRingFailed;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.Announce;
import dev.cti.link.message.AnswerCall;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DeleteRecordings;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.DialRefused;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Hello;
import dev.cti.link.message.HoldCall;
import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PhoneUnregistered;
import dev.cti.link.message.PauseRecording;
import dev.cti.link.message.RegistrationLockout;
import dev.cti.link.message.Ping;
import dev.cti.link.message.Pong;
import dev.cti.link.message.Replayed;
import dev.cti.link.message.EventsApplied;
import dev.cti.link.message.RecordingDiskStatus;
import dev.cti.link.message.RecordingPaused;
import dev.cti.link.message.RecordingResumed;
import dev.cti.link.message.RecordingSkipped;
import dev.cti.link.message.RecordingStarted;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.message.RecordingsDeleted;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.ResumeCall;
import dev.cti.link.message.ResumeRecording;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.StartMonitor;
import dev.cti.link.message.StopMonitor;
import dev.cti.link.message.Transfer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one list of message types on the wire. Adding a message is a record in
 * {@code dev.cti.link.message} (with {@code toJson}/{@code fromJson}) plus one line here; the type
 * name on the wire is the record's simple name. The codec and the round-trip test read this list, and
 * a test checks that every record of the sealed hierarchy is registered.
 */
public final class MessageRegistry {

    /** One registered type: its wire name, its record class and how to read its body. */
    public record MessageType<T extends LinkMessage>(String name, Class<T> type, Function<BodyReader, T> reader) {}

    private static final List<MessageType<?>> TYPES = List.of(
            // events, gateway -> server
            type(CallOffered.class, CallOffered::fromJson),
            type(AgentRinging.class, AgentRinging::fromJson),
            type(AgentRingFailed.class, AgentRingFailed::fromJson),
            type(CallAnswered.class, CallAnswered::fromJson),
            type(CallHeld.class, CallHeld::fromJson),
            type(CallResumed.class, CallResumed::fromJson),
            type(CallTransferred.class, CallTransferred::fromJson),
            type(CallCleared.class, CallCleared::fromJson),
            type(DtmfReceived.class, DtmfReceived::fromJson),
            type(PhoneRegistered.class, PhoneRegistered::fromJson),
            type(PhoneUnregistered.class, PhoneUnregistered::fromJson),
            type(OriginateProgress.class, OriginateProgress::fromJson),
            type(Snapshot.class, Snapshot::fromJson),
            type(CommandRejected.class, CommandRejected::fromJson),
            type(MonitorStarted.class, MonitorStarted::fromJson),
            type(MonitorModeChanged.class, MonitorModeChanged::fromJson),
            type(MonitorEnded.class, MonitorEnded::fromJson),
            type(RecordingStarted.class, RecordingStarted::fromJson),
            type(RecordingPaused.class, RecordingPaused::fromJson),
            type(RecordingResumed.class, RecordingResumed::fromJson),
            type(RecordingSkipped.class, RecordingSkipped::fromJson),
            type(RecordingStopped.class, RecordingStopped::fromJson),
            type(RecordingDiskStatus.class, RecordingDiskStatus::fromJson),
            type(RecordingsDeleted.class, RecordingsDeleted::fromJson),
            type(DialRefused.class, DialRefused::fromJson),
            type(RegistrationLockout.class, RegistrationLockout::fromJson),
            // commands, server -> gateway
            type(DeliverToAgent.class, DeliverToAgent::fromJson),
            type(HangUp.class, HangUp::fromJson),
            type(Transfer.class, Transfer::fromJson),
            type(Originate.class, Originate::fromJson),
            type(Announce.class, Announce::fromJson),
            type(RequestSnapshot.class, RequestSnapshot::fromJson),
            type(HoldCall.class, HoldCall::fromJson),
            type(ResumeCall.class, ResumeCall::fromJson),
            type(AnswerCall.class, AnswerCall::fromJson),
            type(StartMonitor.class, StartMonitor::fromJson),
            type(SetMonitorMode.class, SetMonitorMode::fromJson),
            type(StopMonitor.class, StopMonitor::fromJson),
            type(PauseRecording.class, PauseRecording::fromJson),
            type(ResumeRecording.class, ResumeRecording::fromJson),
            type(AcknowledgeRecordings.class, AcknowledgeRecordings::fromJson),
            type(DeleteRecordings.class, DeleteRecordings::fromJson),
            // link control, both ways
            type(Hello.class, Hello::fromJson),
            type(Ping.class, Ping::fromJson),
            type(Pong.class, Pong::fromJson),
            // link control: gateway -> server (a buffered event sent again), server -> gateway (events applied)
            type(Replayed.class, Replayed::fromJson),
            type(EventsApplied.class, EventsApplied::fromJson));

    private static final Map<String, MessageType<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, MessageType<?>> BY_CLASS = new LinkedHashMap<>();

    static {
        for (MessageType<?> t : TYPES) {
            if (BY_NAME.put(t.name(), t) != null || BY_CLASS.put(t.type(), t) != null) {
                throw new IllegalStateException("message type registered twice: " + t.name());
            }
        }
    }

    private MessageRegistry() {}

    private static <T extends LinkMessage> MessageType<T> type(Class<T> type, Function<BodyReader, T> reader) {
        return new MessageType<>(type.getSimpleName(), type, reader);
    }

    /** Every registered type, in registry order. */
    public static List<MessageType<?>> all() {
        return TYPES;
    }

    public static Optional<MessageType<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The wire name of a message; fails for a record someone forgot to register. */
    public static String nameOf(LinkMessage message) {
        MessageType<?> t = BY_CLASS.get(message.getClass());
        if (t == null) {
            throw new IllegalArgumentException(message.getClass().getName() + " is not in MessageRegistry");
        }
        return t.name();
    }
}
