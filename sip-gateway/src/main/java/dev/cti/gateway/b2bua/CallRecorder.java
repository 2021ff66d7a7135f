package dev.cti.gateway.b2bua;

import dev.cti.config.RecordingPolicy;
import dev.cti.gateway.recording.ActiveRecording;
import dev.cti.gateway.recording.RecordingService;
import dev.cti.link.message.RecordingPaused;
import dev.cti.link.message.RecordingResumed;
import dev.cti.link.message.RecordingSkipReason;
import dev.cti.link.message.RecordingSkipped;
import dev.cti.link.message.RecordingStarted;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.Snapshot;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call's recording, as the call sees it (issue 12): decided once, when the call first connects (an agent
 * answers an inbound call, the customer answers a click-to-dial call), by the policy of the call's queue or of
 * click-to-dial and the disk floor; then one recording on the customer's leg until the call ends, whatever happens
 * to the other legs (transfers, re-delivery after a transfer to a queue, take-over, monitoring). Every hold phase
 * of the call (the phone's or the server's) marks a hold span. Pause / resume come from the server. Runs on the
 * call's executor.
 */
final class CallRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);

    private final Call call;
    private boolean decided;
    private ActiveRecording recording;
    private volatile Snapshot.RecordingSnapshot view;

    CallRecorder(Call call) {
        this.call = call;
        call.onPhaseChange((from, trigger, to) -> {
            if (recording != null && CallHold.customerHeld(from) != CallHold.customerHeld(to)) {
                if (CallHold.customerHeld(to)) {
                    recording.holdStarted();
                } else {
                    recording.holdEnded();
                }
            }
        });
    }

    /** The call connected: record it or say why not (once per call). */
    void connected() {
        RecordingService service = call.services().recordings();
        if (decided || service == null || call.caller() == null || call.caller().media == null) {
            return;
        }
        decided = true;
        var config = call.services().config().recording();
        RecordingPolicy policy = call.queue() == null ? config.clickToDial()
                : config.policyForQueue(call.queue().id());
        Optional<RecordingSkipReason> skip = service.skipReason(policy);
        if (skip.isPresent()) {
            skipped(service, skip.get());
            return;
        }
        try {
            recording = service.begin(call.id(), call.caller().media);
        } catch (IOException | RuntimeException e) {
            LOG.error("call {}: recording could not start: {}", call.id(), e.toString());
            skipped(service, RecordingSkipReason.ERROR);
            return;
        }
        if (CallHold.customerHeld(call.phase())) {
            recording.holdStarted();
        }
        view = view(false);
        // at = the audio's time 0 (the file header's start), which the server takes as the timeline's origin
        call.emit(new RecordingStarted(recording.id(), call.id(), recording.file(), recording.startedAt()));
    }

    private void skipped(RecordingService service, RecordingSkipReason reason) {
        service.skipped(reason);
        LOG.info("call {} is not recorded: {}", call.id(), reason);
        call.emit(new RecordingSkipped(call.id(), reason, call.now()));
    }

    /** PauseRecording: null when done, else why not. */
    RejectReason pause(String user) {
        if (recording == null) {
            return RejectReason.NOT_RECORDED;
        }
        long at = recording.pause();
        if (at < 0) {
            return RejectReason.INVALID_STATE;
        }
        view = view(true);
        LOG.info("call {}: recording {} paused at {} ms by {}", call.id(), recording.id(), at, user);
        call.emit(new RecordingPaused(recording.id(), call.id(), user, at, call.now()));
        call.publishView();
        return null;
    }

    /** ResumeRecording: null when done, else why not. */
    RejectReason resume(String user) {
        if (recording == null) {
            return RejectReason.NOT_RECORDED;
        }
        long at = recording.resume();
        if (at < 0) {
            return RejectReason.INVALID_STATE;
        }
        view = view(false);
        LOG.info("call {}: recording {} resumed at {} ms by {}", call.id(), recording.id(), at, user);
        call.emit(new RecordingResumed(recording.id(), call.id(), user, at, call.now()));
        call.publishView();
        return null;
    }

    /** The call ended: the recording is finished (its metadata goes to the server from the outbox). */
    void callEnded() {
        if (recording != null) {
            recording.stop();
            view = null;
        }
    }

    private Snapshot.RecordingSnapshot view(boolean paused) {
        return new Snapshot.RecordingSnapshot(recording.id(), paused, recording.file(), recording.startedAt());
    }

    /** For the link's snapshot; null when the call is not recorded. */
    Snapshot.RecordingSnapshot snapshot() {
        return view;
    }
}
