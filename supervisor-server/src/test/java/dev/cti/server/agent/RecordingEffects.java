package dev.cti.server.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records what a machine asked its context to do, as short tokens such as {@code start:RING}. */
final class RecordingEffects implements AgentEffects {
    final List<String> calls = new ArrayList<>();
    final List<AgentStateChange> changes = new ArrayList<>();
    final List<AgentSnapshot> snapshots = new ArrayList<>();
    final List<WrapUpRecord> wrapUps = new ArrayList<>();
    final List<String> rejections = new ArrayList<>();
    final List<Duration> timerDurations = new ArrayList<>();

    @Override
    public void stateChanged(AgentStateChange change) {
        changes.add(change);
    }

    @Override
    public void snapshotChanged(AgentSnapshot snapshot) {
        snapshots.add(snapshot);
    }

    @Override
    public void startTimer(String agentId, AgentTimer timer, Duration after, String callId) {
        calls.add("start:" + timer);
        timerDurations.add(after);
    }

    @Override
    public void cancelTimer(String agentId, AgentTimer timer) {
        calls.add("cancel:" + timer);
    }

    @Override
    public void requeueAtHead(String agentId, String callId, String queueId) {
        calls.add("requeue:" + callId);
    }

    @Override
    public void holdChanged(String agentId, String callId, boolean held, Instant at) {
        calls.add("hold:" + held);
    }

    @Override
    public void wrapUpRecorded(WrapUpRecord wrapUp) {
        calls.add("wrapup:" + wrapUp.code());
        wrapUps.add(wrapUp);
    }

    @Override
    public void rejected(AgentState state, AgentEventType event, RejectReason reason) {
        rejections.add(state + "/" + event + "/" + reason);
    }
}
