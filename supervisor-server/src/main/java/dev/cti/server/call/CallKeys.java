package dev.cti.server.call;

import dev.cti.link.message.DtmfReceived;
import dev.cti.server.store.CallTimelineStore;
import dev.cti.server.store.StoreAlerts;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys pressed on calls (DtmfReceived, issue 17): each is stored against its call ({@code call_keys}, through the
 * store's writer, made {@link StoreAlerts#durably durably} like the other records the gateway reports) and handed to
 * the flow that owns the call ({@link #own}), or to nobody ({@link KeyListener#NONE}). A key is a well-formed digit
 * 0-9 * # A-D; anything else from the link is dropped. Digits are never logged. Runs on the call center's context.
 */
public final class CallKeys {
    private static final Logger LOG = LoggerFactory.getLogger(CallKeys.class);

    private final Context context;
    private final CallTimelineStore timelines;
    private final StoreAlerts alerts;
    private final Map<String, KeyListener> owners = new HashMap<>();

    CallKeys(Context context, CallTimelineStore timelines, StoreAlerts alerts) {
        this.context = context;
        this.timelines = timelines;
        this.alerts = alerts;
    }

    /**
     * From now on the keys of {@code callId} go to {@code owner} (until {@link #release} or the call ends); from
     * another thread, from the call center's next task on.
     */
    public void own(String callId, KeyListener owner) {
        onContext(() -> owners.put(callId, owner));
    }

    /** The call's keys go to nobody again. */
    public void release(String callId) {
        onContext(() -> owners.remove(callId));
    }

    void received(DtmfReceived e) {
        assert Vertx.currentContext() == context : "a key off the call center's context";
        String d = e.digit();
        if (d.length() != 1 || "0123456789*#ABCD".indexOf(d.charAt(0)) < 0) {
            LOG.warn("call {}: a key that is no DTMF digit from the gateway, dropped", e.callId());
            return;
        }
        Instant at = Instant.ofEpochMilli(e.at());
        LOG.debug("call {}: a key on the {} leg", e.callId(), e.leg());
        alerts.durably("call_key", e.callId(), () -> timelines.recordKey(e.callId(), e.leg().name(), d, at));
        owners.getOrDefault(e.callId(), KeyListener.NONE).keyPressed(e.callId(), e.leg(), d.charAt(0), at);
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }
}
