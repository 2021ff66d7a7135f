package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the current hold began (the snapshot's and CallHeld's heldAt): set by a hold from an unheld phase, kept when
 * the phone also holds a call the server holds, cleared by a resume or a requeue; a refused hold or resume changes
 * nothing.
 */
class CallHoldTest {
    private final List<String> unexpected = new ArrayList<>();
    private final StateMachine<CallPhase, CallTrigger> fsm =
            new StateMachine<>(CallTransitions.TABLE, CallPhase.CONNECTED, (s, t) -> unexpected.add(s + "/" + t));
    private final CallHold hold = new CallHold(fsm);

    @Test
    void thePhonesHoldStartsAtItsReInviteAndEndsWithItsResume() {
        assertThat(hold.held(CallHold.Holder.PHONE, 1_000)).isTrue();
        assertThat(fsm.state()).isEqualTo(CallPhase.HELD);
        assertThat(hold.since()).isEqualTo(1_000L);

        assertThat(hold.resumed(CallHold.Holder.PHONE)).isTrue();
        assertThat(fsm.state()).isEqualTo(CallPhase.CONNECTED);
        assertThat(hold.since()).isNull();
    }

    @Test
    void thePhoneHoldingAServerHeldCallKeepsWhenTheHoldBegan() {
        assertThat(hold.held(CallHold.Holder.SERVER, 1_000)).isTrue();
        assertThat(fsm.state()).isEqualTo(CallPhase.HELD_BY_SERVER);

        assertThat(hold.held(CallHold.Holder.PHONE, 5_000)).isTrue();
        assertThat(fsm.state()).isEqualTo(CallPhase.HELD);
        assertThat(hold.since()).isEqualTo(1_000L);
    }

    @Test
    void aRefusedHoldOrResumeChangesNothing() {
        assertThat(hold.resumed(CallHold.Holder.SERVER)).isFalse();
        assertThat(hold.held(CallHold.Holder.SERVER, 1_000)).isTrue();
        assertThat(hold.held(CallHold.Holder.SERVER, 2_000)).isFalse();
        assertThat(hold.since()).isEqualTo(1_000L);
        assertThat(fsm.state()).isEqualTo(CallPhase.HELD_BY_SERVER);
        assertThat(unexpected).containsExactly("CONNECTED/SERVER_RESUME", "HELD_BY_SERVER/SERVER_HOLD");
    }

    @Test
    void aRequeueEndsTheHold() {
        hold.held(CallHold.Holder.PHONE, 1_000);
        hold.clear();
        assertThat(hold.since()).isNull();
    }

    @Test
    void bothHoldsAreHoldPhasesAndNothingElseIs() {
        for (CallPhase p : CallPhase.values()) {
            boolean expected = p == CallPhase.HELD || p == CallPhase.HELD_BY_SERVER;
            assertThat(CallHold.isHold(p)).as(p.name()).isEqualTo(expected);
        }
    }
}
