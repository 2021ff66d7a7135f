package dev.cti.gateway.b2bua;

import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.MediaListener;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.gateway.sip.SipMessenger;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sip.Transaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The B2BUA's one routing table: which call (and leg) each SIP Call-ID and each RTP leg belongs to, kept by the
 * calls themselves through {@link CallServices.Directory}. Every in-dialog SIP request (after {@link InDialogGuard}),
 * response and transaction timeout, and every DTMF digit or RTP silence, is looked up here on the thread that
 * delivered it (jain-sip, Netty) and handed to the call's executor, where {@link CallDialogs} (or the media hooks)
 * take it. A request for no known dialog is answered 481 here. Lookups only: no call state is touched off the
 * call's executor.
 */
final class CallRouter implements CallServices.Directory {
    private static final Logger LOG = LoggerFactory.getLogger(CallRouter.class);

    private final SipMessenger messenger;
    private final Consumer<Call> removed;
    private final Map<String, Call> bySipCallId = new ConcurrentHashMap<>();
    /** The leg of each SIP Call-ID, for the ingress valve's source check (jain-sip threads). */
    private final Map<String, SipLeg> legBySipCallId = new ConcurrentHashMap<>();
    private final Map<Long, Call> byMediaLeg = new ConcurrentHashMap<>();
    private InDialogGuard guard;

    /** @param removed told when a call is over and forgotten here (the B2BUA's list of live calls) */
    CallRouter(SipMessenger messenger, Consumer<Call> removed) {
        this.messenger = messenger;
        this.removed = removed;
    }

    /** The guard of in-dialog requests (it needs the services this router is part of, hence after them). */
    void guardWith(InDialogGuard guard) {
        this.guard = guard;
    }

    /** A new call's initial INVITE: false when another call took this SIP Call-ID first (the same INVITE twice). */
    boolean claim(String sipCallId, Call call) {
        return bySipCallId.putIfAbsent(sipCallId, call) == null;
    }

    /**
     * An INVITE whose Call-ID is a live call's: a re-INVITE goes to the leg (when admitted), a retransmission of the
     * initial INVITE is absorbed. False when the Call-ID is no call's (a new call, or 481 for a stray re-INVITE).
     */
    boolean routeInvite(SipEvent.RequestReceived event) {
        String sipCallId = SipSupport.callId(event.request());
        Call existing = bySipCallId.get(sipCallId);
        if (existing == null) {
            return false;
        }
        existing.executor().execute(() -> {
            SipLeg leg = existing.legs().legFor(sipCallId);
            if (leg != null && SipSupport.hasToTag(event.request()) && guard.admit(existing, leg, event)) {
                existing.dialogs().onRequest(leg, event);
            } // else: a retransmission of the initial INVITE, absorbed
        });
        return true;
    }

    /** ACK, BYE, CANCEL, REFER, NOTIFY, INFO, UPDATE. */
    void onInDialogRequest(SipEvent.RequestReceived event) {
        String sipCallId = SipSupport.callId(event.request());
        Call call = sipCallId == null ? null : bySipCallId.get(sipCallId);
        if (call == null) {
            if (!Request.ACK.equals(event.method())) {
                messenger.respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            }
            return;
        }
        call.executor().execute(() -> {
            SipLeg leg = call.legs().legFor(sipCallId);
            if (leg != null) {
                if (guard.admit(call, leg, event)) {
                    call.dialogs().onRequest(leg, event);
                }
            } else if (!Request.ACK.equals(event.method())) {
                messenger.respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            }
        });
    }

    void onResponse(SipEvent.ResponseReceived event) {
        String sipCallId = SipSupport.callId(event.response());
        Call call = sipCallId == null ? null : bySipCallId.get(sipCallId);
        if (call == null) {
            LOG.debug("response {} to {} for no live call", event.status(), event.method());
            return;
        }
        toLeg(call, sipCallId, leg -> call.dialogs().onResponse(leg, event));
    }

    void onOther(SipEvent event) {
        if (event instanceof SipEvent.TransactionTimedOut timeout && timeout.raw() != null) {
            Transaction tx = timeout.serverSide() ? timeout.raw().getServerTransaction()
                    : timeout.raw().getClientTransaction();
            String sipCallId = tx == null || tx.getRequest() == null ? null : SipSupport.callId(tx.getRequest());
            Call call = sipCallId == null ? null : bySipCallId.get(sipCallId);
            if (call != null) {
                toLeg(call, sipCallId, leg -> call.dialogs().onTimeout(leg, timeout));
            }
        }
    }

    private static void toLeg(Call call, String sipCallId, Consumer<SipLeg> action) {
        call.executor().execute(() -> {
            SipLeg leg = call.legs().legFor(sipCallId);
            if (leg != null) {
                action.accept(leg);
            }
        });
    }

    /** The ingress valve's question, on a jain-sip thread: is this dialog's request from a host its peer never uses? */
    boolean foreignSource(String sipCallId, String method, InetAddress source) {
        Call call = bySipCallId.get(sipCallId);
        SipLeg leg = legBySipCallId.get(sipCallId);
        if (call == null || leg == null) {
            return false; // not ours: answered 481 further on anyway
        }
        return !guard.fromPeer(call, leg, source, method);
    }

    /** The media engine's listener: DTMF of the caller's or agent's leg to the server, RTP silence to the call. */
    MediaListener mediaListener() {
        return new MediaListener() {
            @Override
            public void onDtmf(MediaLeg leg, char digit) {
                Call call = byMediaLeg.get(leg.id());
                if (call != null) {
                    call.executor().execute(() -> {
                        SipLeg l = call.legs().all().stream().filter(x -> x.media == leg).findFirst().orElse(null);
                        if (l != null) {
                            call.dialogs().keys().onTelephoneEvent(l, digit);
                        }
                    });
                }
            }

            @Override
            public void onInactive(MediaLeg leg, Duration silentFor) {
                Call call = byMediaLeg.get(leg.id());
                if (call != null) {
                    call.executor().execute(() -> call.onMediaInactive(leg));
                }
            }
        };
    }

    // ---------------------------------------------------------------- kept by the calls (their executors)

    @Override
    public void bindSip(String sipCallId, Call call, SipLeg leg) {
        bySipCallId.put(sipCallId, call);
        legBySipCallId.put(sipCallId, leg);
    }

    @Override
    public void unbindSip(String sipCallId) {
        bySipCallId.remove(sipCallId);
        legBySipCallId.remove(sipCallId);
    }

    @Override
    public void bindMedia(MediaLeg leg, Call call) {
        byMediaLeg.put(leg.id(), call);
    }

    @Override
    public void unbindMedia(MediaLeg leg) {
        byMediaLeg.remove(leg.id());
    }

    @Override
    public void removed(Call call) {
        removed.accept(call);
        bySipCallId.values().removeIf(c -> c == call);
        call.legs().all().forEach(l -> legBySipCallId.remove(l.callId, l));
        byMediaLeg.values().removeIf(c -> c == call);
    }
}
