package dev.cti.link.testing;

import dev.cti.link.message.AgentRingFailed;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.Announce;
import dev.cti.link.message.AnswerCall;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CancelConsult;
import dev.cti.link.message.CompleteConsult;
import dev.cti.link.message.Conference;
import dev.cti.link.message.Consult;
import dev.cti.link.message.ConsultProgress;
import dev.cti.link.message.ConsultState;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CallState;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Hello;
import dev.cti.link.message.HoldCall;
import dev.cti.link.message.Leg;
import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.MonitorEndReason;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.DialRefusal;
import dev.cti.link.message.DialRefused;
import dev.cti.link.message.DialSource;
import dev.cti.link.message.RegistrationLockout;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PhoneUnregistered;
import dev.cti.link.message.Ping;
import dev.cti.link.message.Pong;
import dev.cti.link.message.Replayed;
import dev.cti.link.message.EventsApplied;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.ResumeCall;
import dev.cti.link.message.RingFailureReason;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.Snapshot.CallSnapshot;
import dev.cti.link.message.Snapshot.MonitorSnapshot;
import dev.cti.link.message.Snapshot.MonitorSnapshotState;
import dev.cti.link.message.Snapshot.Registration;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.StartMonitor;
import dev.cti.link.message.StopMonitor;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.Transfer;
import dev.cti.link.message.TransferOutcome;
import dev.cti.link.message.UnregisterReason;
import dev.cti.link.message.AcknowledgeRecordings;
import dev.cti.link.message.DeleteRecordings;
import dev.cti.link.message.DiskState;
import dev.cti.link.message.PauseRecording;
import dev.cti.link.message.RecordingDiskStatus;
import dev.cti.link.message.RecordingPaused;
import dev.cti.link.message.RecordingResumed;
import dev.cti.link.message.RecordingSkipReason;
import dev.cti.link.message.RecordingSkipped;
import dev.cti.link.message.RecordingSpan;
import dev.cti.link.message.RecordingStarted;
import dev.cti.link.message.RecordingStatus;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.message.RecordingsDeleted;
import dev.cti.link.message.ResumeRecording;
import dev.cti.link.message.Snapshot.RecordingSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One realistic instance of every link message, for round-trip tests here and for other modules'
 * tests that need a plausible message. The codec test fails when a registered type has no sample.
 * Phone numbers are fictitious.
 */
public final class LinkSamples {

    public static final long T0 = 1_767_000_000_000L;

    private LinkSamples() {}

    /** A snapshot with one call in each state and two registrations. */
    public static Snapshot snapshot() {
        return new Snapshot(List.of(
                new CallSnapshot("c-1", CallState.QUEUED, "sales", null, null, "13812345678", T0, null, null),
                new CallSnapshot("c-2", CallState.RINGING, "sales", "a-7", "1007", "13912345678", T0, null, null),
                new CallSnapshot("c-3", CallState.CONNECTED, "support", "a-8", "1008", "13712345678", T0, T0 + 9_000, null,
                        new MonitorSnapshot("m-1", "supervisor", "a-90", MonitorMode.WHISPER,
                                MonitorSnapshotState.ACTIVE),
                        new RecordingSnapshot("20261207-5f0c2a9e41d84b6c9d3e7f1a2b3c4d5e", true,
                                "2026/12/07/20261207-5f0c2a9e41d84b6c9d3e7f1a2b3c4d5e.ctirec", T0 + 9_000L)),
                new CallSnapshot("c-4", CallState.HELD, "support", "a-9", "1009", "13612345678", T0, T0 + 5_000, T0 + 60_000),
                new CallSnapshot("c-5", CallState.DIALING, null, "a-10", "1010", "13512345678", T0, null, null)),
                List.of(new Registration("1007", "sip:1007@127.0.0.1:5070;transport=udp", T0 + 3_600_000),
                        new Registration("1008", "sip:1008@127.0.0.1:5072", T0 + 3_600_000)),
                T0 + 61_000);
    }

    /** The recording id of the samples (the gateway's form: start date, then 32 random hex digits). */
    public static final String REC = "20261207-5f0c2a9e41d84b6c9d3e7f1a2b3c4d5e";

    /** A complete recording of call c-1 with one pause and one hold. */
    public static RecordingStopped recordingStopped() {
        return new RecordingStopped(REC, "c-1", "2026/12/07/" + REC + ".ctirec", RecordingStatus.COMPLETE, null,
                T0 + 20_000, 40_000, 1_281_056, "9f2c7a0b5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a49",
                "k-20261207-3fa1", 8000, 2, List.of(new RecordingSpan(12_000, 19_500)),
                List.of(new RecordingSpan(10_000, 25_000)), T0 + 60_100);
    }

    /** Every sample keyed by its record class, in registry-like order. */
    public static Map<Class<? extends LinkMessage>, LinkMessage> all() {
        Map<Class<? extends LinkMessage>, LinkMessage> samples = new LinkedHashMap<>();
        List<LinkMessage> list = List.of(
                new CallOffered("c-1", "sales", "13812345678", "4008001234", "trunk-1", T0),
                new AgentRinging("c-1", "a-7", "1007", T0 + 1_000),
                new AgentRingFailed("c-1", "a-7", RingFailureReason.NO_ANSWER, 15_000, T0 + 16_000),
                new CallAnswered("c-1", "a-8", 3_200, T0 + 20_000),
                new CallHeld("c-1", "a-8", T0 + 30_000),
                new CallResumed("c-1", "a-8", T0 + 45_000),
                new CallTransferred("c-1", "a-8", TargetKind.QUEUE, "vip", TransferOutcome.COMPLETED, T0 + 50_000),
                new CallCleared("c-1", ClearCause.CALLER_HANGUP, 20_000, 40_000, T0 + 60_000),
                new DtmfReceived("c-1", Leg.CALLER, "#", T0 + 25_000),
                new PhoneRegistered("1007", "sip:1007@127.0.0.1:5070", 3600, T0),
                new PhoneUnregistered("1007", UnregisterReason.EXPIRED, T0 + 3_600_000),
                new OriginateProgress("req-1", "c-9", OriginateState.REMOTE_RINGING, T0 + 2_000),
                snapshot(),
                new CommandRejected(42, "HangUp", "c-404", RejectReason.UNKNOWN_CALL, T0 + 70_000),
                new MonitorStarted("m-1", "c-1", "supervisor", "a-8", MonitorMode.LISTEN, T0 + 80_000),
                new MonitorModeChanged("m-1", "c-1", MonitorMode.WHISPER, T0 + 85_000),
                new MonitorEnded("m-1", "c-1", MonitorEndReason.STOPPED, T0 + 90_000),
                new RecordingStarted(REC, "c-1", "2026/12/07/" + REC + ".ctirec", T0 + 20_000),
                new RecordingPaused(REC, "c-1", "1001", 12_000, T0 + 32_000),
                new RecordingResumed(REC, "c-1", "1001", 19_500, T0 + 39_500),
                new RecordingSkipped("c-2", RecordingSkipReason.NOT_SAMPLED, T0 + 21_000),
                recordingStopped(),
                new RecordingDiskStatus(DiskState.BELOW_FLOOR, 512L << 20, 1024L << 20, T0 + 95_000),
                new RecordingsDeleted("del-1", List.of(REC), List.of("20260101-0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
                        List.of(), T0 + 96_000),
                new DialRefused("c-1", "a-8", "1008", DialSource.REFER, "00441234567890", DialRefusal.DENIED,
                        T0 + 95_000),
                new RegistrationLockout("1007", 5, "192.0.2.10", T0 + 1_000_000, T0 + 100_000),
                new DeliverToAgent("c-1", "a-7", "1007", 15),
                new HangUp("c-1", ClearCause.MAX_WAIT),
                new Transfer("c-1", TargetKind.NUMBER, "13812345678"),
                new Originate("req-1", "a-7", "1007", "13812345678"),
                new Announce("c-1", 3, 90),
                new RequestSnapshot(),
                new HoldCall("c-1"),
                new ResumeCall("c-1"),
                new AnswerCall("c-1"),
                new StartMonitor("m-1", "c-1", "supervisor", "a-90", "1090", MonitorMode.LISTEN),
                new SetMonitorMode("m-1", "c-1", MonitorMode.BARGE),
                new StopMonitor("m-1", "c-1"),
                new PauseRecording("c-1", "1001"),
                new ResumeRecording("c-1", "1001"),
                new AcknowledgeRecordings(List.of(REC)),
                new DeleteRecordings("del-1", List.of(REC, "20260101-0a1b2c3d4e5f60718293a4b5c6d7e8f9")),
                new Hello("gw-1", T0 - 5_000),
                new Ping(T0),
                new Pong(T0),
                new Replayed(57, new CallHeld("c-1", "a-8", T0 + 30_000)),
                new EventsApplied(57),
                new dev.cti.link.message.CallInMenu("c-3", "main", "13812345678", "4008003000", "trunk-1", T0 + 2_000),
                new dev.cti.link.message.PlayPrompts("c-3", "p-1", List.of("/opt/cti/prompts/zh-CN/menu-main.wav")),
                new dev.cti.link.message.PromptsPlayed("c-3", "p-1", T0 + 9_000),
                new dev.cti.link.message.RouteToQueue("c-3", "service"),
                new ConsultProgress("c-1", "a-8", "a-7", ConsultState.CONNECTED, T0 + 35_000),
                new Consult("c-1", "a-7", "1007", null),
                new CompleteConsult("c-1"),
                new CancelConsult("c-1"),
                new Conference("c-1"),
                new dev.cti.link.message.CallInSurvey("c-1", "service", "a-8", T0 + 95_000),
                new dev.cti.link.message.SurveyLeft("c-1", T0 + 99_000));
        for (LinkMessage m : list) {
            samples.put(m.getClass(), m);
        }
        return samples;
    }
}
