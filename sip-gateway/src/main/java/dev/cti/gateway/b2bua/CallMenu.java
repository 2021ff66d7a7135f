package dev.cti.gateway.b2bua;

import dev.cti.config.QueueConfig;
import dev.cti.gateway.media.audio.Prompt;
import dev.cti.link.message.CallInMenu;
import dev.cti.link.message.CallInSurvey;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.SurveyLeft;
import dev.cti.privacy.PhoneMask;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call whose dialled number leads to a voice menu (issue 17): the server runs the menu, this part only executes it.
 * Once the caller is answered it reports {@link CallInMenu} and plays nothing; {@code PlayPrompts} plays prompts
 * (replacing what played: a key typed ahead interrupts a prompt) and reports {@link PromptsPlayed} when they were all
 * played and not replaced; {@code RouteToQueue} puts the call in a queue as if its number had been dialled
 * ({@link CallOffered}, greeting, music). The same playing serves the satisfaction survey: when the agent leaves a
 * call whose queue has one, the customer's leg is kept ({@link #agentLeft}: CallCleared, then {@link CallInSurvey})
 * and the server plays the survey and hangs up; a customer who leaves first is reported {@link SurveyLeft}. Runs on
 * the call's executor.
 */
final class CallMenu {
    private static final Logger LOG = LoggerFactory.getLogger(CallMenu.class);

    private final Call call;
    /** The menu the call is in; null when it is in none (never was, or was routed to a queue). */
    private String menuId;
    /** The PlayPrompts being played; null when none is. */
    private String playing;

    CallMenu(Call call) {
        this.call = call;
    }

    /** The dialled number leads to {@code id} (before the caller is answered). */
    void arrivedFor(String id) {
        menuId = id;
    }

    /** Whether the call is in a voice menu (no queue yet) or in its queue's survey: the server plays to it. */
    boolean active() {
        return menuId != null && call.queue() == null && call.is(CallPhase.QUEUED) || call.is(CallPhase.SURVEY);
    }

    /**
     * The agent's {@code leg} left (its BYE came, or it was sent one): when the queue sends customers to its survey
     * after the agent hangs up, the call is cleared for the server with {@code cause} and the customer stays for the
     * survey. False when not (no survey, the agent was not talking with the customer): the caller ends the call.
     */
    boolean agentLeft(SipLeg leg, ClearCause cause) {
        QueueConfig q = call.queue();
        if (q == null || q.survey().isEmpty() || !q.survey().get().afterAgentHangUp()) {
            return false;
        }
        return toSurvey(leg, cause);
    }

    /** The customer goes to the survey, {@code leg} (the agent's, gone or going) is released; false when it cannot. */
    boolean toSurvey(SipLeg leg, ClearCause cause) {
        if (!call.accepts(CallTrigger.SURVEY) || leg == null || leg.agentId == null || call.caller() == null
                || call.caller().media == null || call.queue() == null || call.queue().survey().isEmpty()) {
            return false;
        }
        call.monitor().callEnded(); // MonitorEnded CALL_ENDED: the conversation is over
        call.consult().callEnded();
        call.recorder().callEnded(); // the survey is not recorded
        for (SipLeg other : java.util.List.copyOf(call.legs().all())) {
            if (other != call.caller()) {
                call.legs().cancelOrBye(other); // the agent's leg (unless its BYE came), a supervisor's
                call.legs().release(other);
            }
        }
        call.surveying();
        call.clearOnce(cause, call.now());
        call.services().media().play(call.caller().media, List.of(), null); // silence until the server plays
        LOG.info("call {}: agent {} left, the customer stays for the survey of queue {}", call.id(), leg.agentId,
                call.queue().id());
        call.emit(new CallInSurvey(call.id(), call.queue().id(), leg.agentId, call.now()));
        call.publishView();
        return true;
    }

    /** The call ended; {@code surveyed}: it was in the survey (SurveyLeft, whatever ended it). */
    void ended(boolean surveyed) {
        playing = null;
        if (surveyed) {
            call.emit(new SurveyLeft(call.id(), call.now()));
        }
    }

    /** The caller was answered: the server takes over. */
    void answered() {
        LOG.info("call {} from {} answered into menu {}", call.id(), PhoneMask.mask(call.callerNumber()), menuId);
        call.emit(new CallInMenu(call.id(), menuId, call.callerNumber(), call.dialledNumber(), call.trunkId(),
                call.now()));
    }

    /**
     * PlayPrompts: false when the call is in no menu, unless it waits in a queue that offers callbacks and the files
     * are that queue's callback prompts (issue 17), which are followed by the queue's music.
     */
    boolean play(String playId, List<Prompt> prompts, List<String> files) {
        boolean callback = waitingWithCallback() && PromptLibrary.callbackPrompts(call.queue(), files);
        if (!(active() || callback) || call.caller() == null || call.caller().media == null) {
            return false;
        }
        playing = playId;
        call.services().media().play(call.caller().media, prompts, callback ? call.holdMusic() : null)
                .promptsFinished()
                .whenComplete((done, error) -> call.executor().execute(() -> played(playId)));
        return true;
    }

    /** Whether the call waits in a queue with the callback offer, no agent ringing. */
    private boolean waitingWithCallback() {
        return menuId == null && call.queue() != null && call.is(CallPhase.QUEUED)
                && call.queue().callback().isPresent();
    }

    private void played(String playId) {
        if (playId.equals(playing) && (active() || waitingWithCallback())) { // not replaced, not routed, not ended
            playing = null;
            call.emit(new PromptsPlayed(call.id(), playId, call.now()));
        }
    }

    /** RouteToQueue: false when the call is in no menu. */
    boolean route(QueueConfig queue) {
        if (!active()) {
            return false;
        }
        LOG.info("call {}: menu {} routes it to queue {}", call.id(), menuId, queue.id());
        menuId = null;
        playing = null;
        call.enterQueue(queue);
        call.emit(new CallOffered(call.id(), queue.id(), call.callerNumber(), call.dialledNumber(), call.trunkId(),
                call.now()));
        call.playQueueTreatment(List.of(call.services().prompts().greeting(queue)));
        call.publishView();
        return true;
    }
}
