package dev.cti.server.call;

import dev.cti.server.agent.Cause;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.monitor.CallView;
import java.util.Optional;

/** The call center as the monitors see it (inbound and click-to-dial calls); called on its context only. */
final class MonitoredCalls implements CallView {
    private final CallLifecycle lifecycle;
    private final OutboundDialer outbound;
    private final Phones phones;
    private final CallPush push;

    MonitoredCalls(CallLifecycle lifecycle, OutboundDialer outbound, Phones phones, CallPush push) {
        this.lifecycle = lifecycle;
        this.outbound = outbound;
        this.phones = phones;
        this.push = push;
    }

    @Override
    public Optional<String> connectedCall(String agentId) {
        return lifecycle.connectedCall(agentId).or(() -> outbound.connectedCall(agentId));
    }

    @Override
    public boolean phoneRegistered(String extension) {
        return phones.registered(extension);
    }

    @Override
    public void takenOver(String callId, String seatId, Cause cause) {
        if (!outbound.takenOver(callId, seatId, cause)) {
            lifecycle.takenOver(callId, seatId, cause);
        }
    }

    @Override
    public CallPushEvent.Stamp stamp() {
        return push.stamp();
    }

    @Override
    public void publish(CallPushEvent event) {
        push.publish(event);
    }
}
