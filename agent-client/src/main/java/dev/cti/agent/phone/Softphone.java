package dev.cti.agent.phone;

import dev.cti.agent.Mask;
import dev.cti.agent.media.AudioSink;
import dev.cti.agent.media.AudioSource;
import dev.cti.agent.media.G711;
import dev.cti.agent.media.RemoteMedia;
import dev.cti.agent.media.RtpSession;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIP softphone for one seat: registration, one call at a time (answer, reject, hang up, hold/resume by re-INVITE,
 * mute, RFC 4733 DTMF, blind transfer by REFER, outbound dial), G.711 RTP. Every SIP callback and every command runs
 * on the seat's single phone thread, and every call change goes through {@link CallMachine}. Commands return a future
 * that fails with {@link PhoneException} when the call's state does not allow them.
 */
public final class Softphone implements AutoCloseable, SipAdapter.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Softphone.class);

    private final PhoneSettings settings;
    private final Consumer<JsonObject> events;
    private final ScheduledExecutorService ticker;
    private final Supplier<AudioSource> audioIn;
    private final Supplier<AudioSink> audioOut;
    private final ScheduledExecutorService phoneThread;
    private final CallMachine machine;
    private final RemoteControl remoteControl;
    private SipMessages sip;
    private Registration registration;
    private volatile boolean muted;
    private volatile long autoAnswerMs = -1;
    private volatile Call call; // written on the phone thread only; read by status()

    public Softphone(PhoneSettings settings, Clock clock, ScheduledExecutorService mediaTicker,
                     Supplier<AudioSource> audioIn, Supplier<AudioSink> audioOut, Consumer<JsonObject> events) {
        this.settings = settings;
        this.events = events;
        this.ticker = mediaTicker;
        this.audioIn = audioIn;
        this.audioOut = audioOut;
        this.phoneThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phone-" + settings.extension());
            t.setDaemon(true);
            return t;
        });
        this.remoteControl = new RemoteControl(settings);
        this.machine = new CallMachine("phone " + settings.extension(), clock, (from, ev, to) ->
                LOG.debug("{}: {} --{}--> {}", settings.extension(), from, ev, to));
    }

    /** Creates the SIP stack and starts registering. */
    public CompletableFuture<Void> start() {
        return onPhone(() -> {
            sip = new SipMessages(settings, "agent-" + settings.extension() + "-" + System.identityHashCode(this));
            sip.provider.addSipListener(new SipAdapter(phoneThread, this));
            registration = new Registration(sip, phoneThread, events);
            registration.start();
            return null;
        });
    }

    public CallState state() {
        return machine.state();
    }

    public CallMachine machine() {
        return machine;
    }

    public boolean registered() {
        return registration != null && registration.registered();
    }

    /** The local SIP port (after start). */
    public int sipPort() {
        return sip.localPort;
    }

    /** Auto-answer incoming calls after {@code delayMs}; negative turns it off. */
    public void setAutoAnswer(long delayMs) {
        this.autoAnswerMs = delayMs;
    }

    /** RTP packets sent and received in the current call (0 without one). */
    public long[] rtpCounters() {
        Call c = call;
        return c == null || c.rtp == null ? new long[] {0, 0} : new long[] {c.rtp.packetsSent(), c.rtp.packetsReceived()};
    }

    // ---------------------------------------------------------------- commands

    public CompletableFuture<Void> answer() {
        return onPhone(() -> {
            need(CallEvent.ANSWER);
            doAnswer();
            return null;
        });
    }

    /** Rejects the ringing call with 486 Busy Here or 603 Decline. */
    public CompletableFuture<Void> reject(int status) {
        return onPhone(() -> {
            need(CallEvent.REJECT);
            sip.respond(call.inviteTx, status);
            machine.fire(CallEvent.REJECT);
            emit("rejected").put("status", status);
            endCall();
            return null;
        });
    }

    public CompletableFuture<Void> hangup() {
        return onPhone(() -> {
            need(CallEvent.HANGUP);
            doHangup();
            return null;
        });
    }

    private void doHangup() throws Exception {
        CallState before = machine.state();
        machine.fire(CallEvent.HANGUP);
        emit("hangup").put("by", "agent");
        stopMedia();
        switch (before) {
            case RINGING -> {
                sip.respond(call.inviteTx, Response.DECLINE);
                endCall();
            }
            case DIALING -> call.cancel(sip);
            default -> sendInDialog(Request.BYE);
        }
    }

    public CompletableFuture<Void> hold() {
        return onPhone(() -> {
            need(CallEvent.HOLD);
            machine.fire(CallEvent.HOLD);
            reinvite(Sdp.Direction.SENDONLY);
            return null;
        });
    }

    public CompletableFuture<Void> resume() {
        return onPhone(() -> {
            need(CallEvent.RESUME);
            machine.fire(CallEvent.RESUME);
            reinvite(Sdp.Direction.SENDRECV);
            return null;
        });
    }

    public CompletableFuture<Void> mute(boolean on) {
        return onPhone(() -> {
            muted = on;
            if (call != null && call.rtp != null) call.rtp.setMuted(on);
            emit(on ? "muted" : "unmuted");
            return null;
        });
    }

    public CompletableFuture<Void> dtmf(String digits) {
        return onPhone(() -> {
            if (!digits.matches("[0-9*#A-Da-d]+")) throw new PhoneException("DTMF digits are 0-9 * # A-D, got '" + digits + "'");
            CallState s = machine.state();
            if (call == null || call.rtp == null || (s != CallState.CONNECTED && s != CallState.HELD)) {
                throw new PhoneException("no connected call (state " + s + ")");
            }
            if (!call.rtp.sendDtmf(digits)) throw new PhoneException("the far end did not offer telephone-event");
            return null;
        });
    }

    public CompletableFuture<Void> transfer(String target) {
        return onPhone(() -> {
            need(CallEvent.TRANSFER);
            if (!target.matches("[0-9A-Za-z*#+._-]+")) throw new PhoneException("bad transfer target");
            machine.fire(CallEvent.TRANSFER);
            Request refer = call.dialog.createRequest(Request.REFER);
            refer.addHeader(sip.headers.createReferToHeader(sip.addresses.createAddress(sip.gatewayUri(target))));
            call.send(sip, refer);
            return null;
        });
    }

    public CompletableFuture<Void> dial(String number) {
        return onPhone(() -> {
            if (!number.matches("[0-9*#+]{1,32}")) throw new PhoneException("a number is 1-32 of 0-9 * # +");
            need(CallEvent.DIAL);
            CallIdHeader callId = sip.provider.getNewCallId();
            Call c = new Call(callId.getCallId(), false, number);
            c.rtp = openMedia();
            Request invite = sip.request(Request.INVITE, sip.gatewayUri(number), sip.aor(number), sip.newTag(), callId, 1);
            sip.setSdp(invite, Sdp.offer(settings.bindHost(), c.rtp.localPort(), c.sessionId, c.sdpVersion, Sdp.Direction.SENDRECV));
            call = c;
            machine.fire(CallEvent.DIAL);
            emit("dialing").put("to", Mask.number(number));
            c.sendInvite(sip, invite);
            return null;
        });
    }

    // ---------------------------------------------------------------- SIP events (phone thread)

    @Override
    public void onRequest(RequestEvent e) {
        Request r = e.getRequest();
        try {
            switch (r.getMethod()) {
                case Request.INVITE -> {
                    if (call != null && e.getDialog() != null && e.getDialog() == call.dialog) onReinvite(e);
                    else onInvite(e);
                }
                case "UPDATE" -> {
                    if (call != null && e.getDialog() != null && e.getDialog() == call.dialog && SipMessages.body(r) != null) {
                        onReinvite(e); // an offer in UPDATE is answered like a re-INVITE's
                    } else {
                        sip.respond(sip.serverTx(e), call != null && e.getDialog() == call.dialog ? Response.OK
                                : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST); // a session refresh without SDP
                    }
                }
                case Request.ACK -> onAck(r);
                case Request.BYE -> onBye(e);
                case Request.CANCEL -> onCancel(e);
                case Request.NOTIFY -> onNotify(e);
                case Request.OPTIONS -> sip.respond(sip.serverTx(e), Response.OK);
                default -> sip.respond(sip.serverTx(e), Response.NOT_IMPLEMENTED);
            }
        } catch (Exception ex) {
            LOG.warn("{}: {} handling failed: {}", settings.extension(), r.getMethod(), ex.toString());
        }
    }

    private void onInvite(RequestEvent e) throws Exception {
        Request r = e.getRequest();
        ServerTransaction st = sip.serverTx(e);
        // The offer is checked before the machine moves, so a refused offer never shows as ringing.
        Sdp.Audio remote = null;
        String unusable = null;
        try {
            remote = Sdp.parse(SipMessages.body(r));
            if (remote.preferredLaw() == null) {
                unusable = "no PCMU/PCMA offered";
            }
        } catch (Sdp.SdpException ex) {
            unusable = ex.getMessage();
        }
        if (unusable != null && machine.state() == CallState.IDLE) {
            LOG.info("{}: INVITE refused with 488: {}", settings.extension(), unusable);
            sip.respond(st, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        if (!machine.fire(CallEvent.INCOMING_INVITE)) {
            sip.respond(st, Response.BUSY_HERE);
            return;
        }
        String from = ((SipURI) ((FromHeader) r.getHeader(FromHeader.NAME)).getAddress().getURI()).getUser();
        Call c = new Call(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId(), true, from == null ? "" : from);
        c.inviteTx = st;
        c.dialog = st.getDialog();
        call = c;
        c.remote = remote;
        Response ringing = sip.messages.createResponse(Response.RINGING, r);
        ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(sip.newTag());
        ringing.addHeader(sip.contact());
        st.sendResponse(ringing);
        boolean autoAnswer = settings.autoAnswerFromRegistrar() && RemoteControl.asksAnswerAfterZero(r)
                && remoteControl.fromRegistrar(r);
        JsonObject incoming = emit("incoming").put("from", Mask.number(c.number));
        if (autoAnswer) {
            incoming.put("autoAnswer", true); // the gateway's monitor call (Call-Info answer-after=0)
            doAnswer().put("autoAnswered", true);
        } else if (autoAnswerMs >= 0) {
            c.autoAnswer = phoneThread.schedule(() -> {
                if (call == c && machine.state() == CallState.RINGING) {
                    try {
                        machine.fire(CallEvent.ANSWER);
                        doAnswer();
                    } catch (Exception ex) {
                        LOG.warn("{}: auto-answer failed: {}", settings.extension(), ex.toString());
                    }
                }
            }, autoAnswerMs, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A NOTIFY. In a dialog (a REFER's progress) it is acknowledged as before. Outside one, {@code Event: talk}
     * from our registrar answers the ringing call (200, then our 200 OK to its INVITE; 481 when nothing rings,
     * 403 from anyone else); other events get 489 Bad Event (RFC 6665 8.2.1).
     */
    private void onNotify(RequestEvent e) throws Exception {
        Request r = e.getRequest();
        ServerTransaction st = sip.serverTx(e);
        if (!RemoteControl.outOfDialog(r)) {
            sip.respond(st, Response.OK);
            return;
        }
        if (!"talk".equals(RemoteControl.eventPackage(r))) {
            sip.respond(st, Response.BAD_EVENT);
            return;
        }
        if (!remoteControl.fromRegistrar(r)) {
            LOG.info("{}: NOTIFY talk refused: not from our registrar", settings.extension());
            sip.respond(st, Response.FORBIDDEN);
            return;
        }
        if (call == null || !call.inbound || machine.state() != CallState.RINGING) {
            sip.respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        sip.respond(st, Response.OK);
        doAnswer().put("remoteAnswer", true);
    }

    /** Sends 200 OK with our answer and starts media. The machine has already moved to CONNECTED. */
    private JsonObject doAnswer() throws Exception {
        Call c = call;
        if (machine.state() == CallState.RINGING) machine.fire(CallEvent.ANSWER);
        G711.Law law = c.remote.preferredLaw();
        c.rtp = openMedia();
        Sdp.Direction dir = c.remote.direction().answerTo();
        applyRemote(c, dir);
        Response ok = sip.messages.createResponse(Response.OK, c.inviteTx.getRequest());
        ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
        if (to.getTag() == null) to.setTag(c.dialog != null && c.dialog.getLocalTag() != null ? c.dialog.getLocalTag() : sip.newTag());
        ok.addHeader(sip.contact());
        sip.setSdp(ok, Sdp.answer(c.remote, law, settings.bindHost(), c.rtp.localPort(), c.sessionId, c.sdpVersion, dir));
        c.inviteTx.sendResponse(ok);
        c.dialog = c.inviteTx.getDialog();
        c.rtp.start();
        return emit("answered").put("law", law.name());
    }

    private void onReinvite(RequestEvent e) throws Exception {
        ServerTransaction st = sip.serverTx(e);
        Call c = call;
        if (!machine.fire(CallEvent.REMOTE_REINVITE)) {
            sip.respond(st, Response.REQUEST_PENDING); // glare with our own re-INVITE (RFC 3261 14.2)
            return;
        }
        Sdp.Direction mine = machine.state() == CallState.HELD ? Sdp.Direction.SENDONLY : Sdp.Direction.SENDRECV;
        String body = SipMessages.body(e.getRequest());
        Sdp.Direction answerDir = mine;
        if (body != null) {
            try {
                Sdp.Audio offer = Sdp.parse(body);
                if (offer.preferredLaw() == null) throw new Sdp.SdpException("no PCMU/PCMA");
                c.remote = offer;
                answerDir = mine.intersect(offer.direction().answerTo());
                applyRemote(c, answerDir);
                noteRemoteHold(c, offer.direction());
            } catch (Sdp.SdpException ex) {
                sip.respond(st, Response.NOT_ACCEPTABLE_HERE);
                return;
            }
        }
        Response ok = sip.messages.createResponse(Response.OK, e.getRequest());
        ok.addHeader(sip.contact());
        c.sdpVersion++;
        String sdp = body != null
                ? Sdp.answer(c.remote, c.rtp.remote().law(), settings.bindHost(), c.rtp.localPort(), c.sessionId, c.sdpVersion, answerDir)
                : Sdp.offer(settings.bindHost(), c.rtp.localPort(), c.sessionId, c.sdpVersion, mine);
        sip.setSdp(ok, sdp);
        st.sendResponse(ok);
    }

    private void onAck(Request ack) {
        Call c = call;
        String body = SipMessages.body(ack);
        if (c == null || c.rtp == null || body == null) return;
        try { // the answer to the offer we put in a 200 (re-INVITE without SDP)
            c.remote = Sdp.parse(body);
            Sdp.Direction mine = machine.state() == CallState.HELD ? Sdp.Direction.SENDONLY : Sdp.Direction.SENDRECV;
            applyRemote(c, mine.intersect(c.remote.direction().answerTo()));
            noteRemoteHold(c, c.remote.direction());
        } catch (Sdp.SdpException ex) {
            LOG.info("{}: unusable SDP in ACK: {}", settings.extension(), ex.getMessage());
        }
    }

    private void onBye(RequestEvent e) throws Exception {
        ServerTransaction st = sip.serverTx(e);
        if (call == null || e.getDialog() != call.dialog || !machine.fire(CallEvent.REMOTE_BYE)) {
            sip.respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        sip.respond(st, Response.OK);
        emit("hangup").put("by", "remote");
        endCall();
    }

    private void onCancel(RequestEvent e) throws Exception {
        sip.respond(sip.serverTx(e), Response.OK);
        Call c = call;
        if (c == null || !c.inbound || c.inviteTx == null
                || !c.sipCallId.equals(((CallIdHeader) e.getRequest().getHeader(CallIdHeader.NAME)).getCallId())) {
            return;
        }
        if (!machine.fire(CallEvent.REMOTE_CANCEL)) return;
        sip.respond(c.inviteTx, Response.REQUEST_TERMINATED);
        emit("cancelled");
        endCall();
    }

    @Override
    public void onResponse(ResponseEvent e) {
        Response r = e.getResponse();
        ClientTransaction ct = e.getClientTransaction();
        String method = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getMethod();
        try {
            if (Request.REGISTER.equals(method)) {
                if (registration.owns(ct)) registration.onResponse(r);
                return;
            }
            Call c = call;
            if (c == null || !c.sipCallId.equals(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId())) {
                if (r.getStatusCode() / 100 == 2 && Request.INVITE.equals(method) && e.getDialog() != null) {
                    sip.ackAndBye(e); // a late 2xx for a call we gave up
                }
                return;
            }
            switch (method) {
                case Request.INVITE -> onInviteResponse(c, e);
                case Request.REFER -> onReferResponse(r.getStatusCode());
                case Request.BYE, Request.CANCEL -> {
                    if (machine.state() == CallState.ENDING && method.equals(Request.BYE)) finishEnding();
                }
                default -> { }
            }
        } catch (Exception ex) {
            LOG.warn("{}: {} response handling failed: {}", settings.extension(), method, ex.toString());
        }
    }

    private void onInviteResponse(Call c, ResponseEvent e) throws Exception {
        Response r = e.getResponse();
        int status = r.getStatusCode();
        CallState s = machine.state();
        if (status < 200) {
            if (s == CallState.ENDING && c.cancelPending) {
                c.cancelPending = false;
                sip.provider.getNewClientTransaction(c.outInviteTx.createCancel()).sendRequest();
            } else if (s == CallState.DIALING && status == 180) {
                emit("ringing");
            }
            return;
        }
        if (status / 100 == 2) {
            Dialog d = e.getDialog();
            d.sendAck(d.createAck(((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber()));
            c.dialog = d;
            switch (s) {
                case DIALING -> {
                    try {
                        c.remote = Sdp.parse(SipMessages.body(r));
                        applyRemote(c, Sdp.Direction.SENDRECV);
                    } catch (Sdp.SdpException ex) {
                        LOG.info("{}: unusable SDP answer: {}", settings.extension(), ex.getMessage());
                        machine.fire(CallEvent.HANGUP);
                        sendInDialog(Request.BYE);
                        return;
                    }
                    machine.fire(CallEvent.REMOTE_ANSWERED);
                    c.rtp.start();
                    emit("answered").put("law", c.rtp.remote().law().name());
                }
                case HOLDING, RESUMING -> {
                    boolean holding = s == CallState.HOLDING;
                    try {
                        c.remote = Sdp.parse(SipMessages.body(r));
                    } catch (Sdp.SdpException ex) {
                        LOG.info("{}: re-INVITE answer unusable, keeping old media: {}", settings.extension(), ex.getMessage());
                    }
                    applyRemote(c, holding ? Sdp.Direction.SENDONLY : Sdp.Direction.SENDRECV);
                    machine.fire(holding ? CallEvent.HOLD_OK : CallEvent.RESUME_OK);
                    emit(holding ? "held" : "resumed");
                }
                case ENDING -> sendInDialog(Request.BYE); // answered while we were cancelling
                default -> { }
            }
            return;
        }
        if ((status == 401 || status == 407) && s == CallState.DIALING && ++c.authAttempts <= 2) {
            Optional<DigestAuth.Challenge> ch = DigestAuth.choose(SipMessages.challenges(r));
            if (ch.isPresent()) {
                c.retryInviteWithCredentials(sip, status, ch.get());
                return;
            }
        }
        switch (s) {
            case DIALING -> {
                machine.fire(CallEvent.REMOTE_FAILED);
                emit("dial-failed").put("status", status);
                endCall();
            }
            case HOLDING -> {
                machine.fire(CallEvent.HOLD_FAILED);
                emit("hold-failed").put("status", status);
            }
            case RESUMING -> {
                machine.fire(CallEvent.RESUME_FAILED);
                emit("resume-failed").put("status", status);
            }
            case ENDING -> finishEnding(); // 487 after our CANCEL
            default -> { }
        }
    }

    private void onReferResponse(int status) throws Exception {
        if (status < 200 || machine.state() != CallState.TRANSFERRING) return;
        if (status < 300) {
            machine.fire(CallEvent.TRANSFER_ACCEPTED);
            emit("transferred");
            stopMedia();
            sendInDialog(Request.BYE);
        } else {
            machine.fire(CallEvent.TRANSFER_FAILED);
            emit("transfer-failed").put("status", status);
        }
    }

    @Override
    public void onTimeout(TimeoutEvent e) {
        ClientTransaction ct = e.getClientTransaction();
        if (ct == null) return;
        String method = ct.getRequest().getMethod();
        if (Request.REGISTER.equals(method)) {
            registration.onTimeout();
            return;
        }
        Call c = call;
        if (c == null) return;
        switch (machine.state()) {
            case DIALING -> {
                machine.fire(CallEvent.REMOTE_FAILED);
                emit("dial-failed").put("status", 408);
                endCall();
            }
            case HOLDING -> machine.fire(CallEvent.HOLD_FAILED);
            case RESUMING -> machine.fire(CallEvent.RESUME_FAILED);
            case TRANSFERRING -> machine.fire(CallEvent.TRANSFER_FAILED);
            case ENDING -> finishEnding();
            default -> { }
        }
    }

    @Override
    public void onIoError(IOExceptionEvent e) {
        LOG.info("{}: SIP I/O error towards {}:{}", settings.extension(), e.getHost(), e.getPort());
    }

    // ---------------------------------------------------------------- helpers

    private RtpSession openMedia() throws java.io.IOException {
        RtpSession rtp = RtpSession.open(settings.bindHost(), audioIn.get(), audioOut.get(),
                digit -> phoneThread.execute(() -> emit("dtmf").put("digit", String.valueOf(digit))), ticker);
        rtp.setMuted(muted);
        return rtp;
    }

    /** Points the RTP session at the far end's SDP; we send only if our direction and theirs allow it. */
    private void applyRemote(Call c, Sdp.Direction ours) {
        Sdp.Audio a = c.remote;
        boolean send = (ours == Sdp.Direction.SENDRECV || ours == Sdp.Direction.SENDONLY)
                && a.direction().receives() && a.port() > 0 && machine.state() != CallState.HELD
                && machine.state() != CallState.HOLDING;
        G711.Law law = a.preferredLaw() != null ? a.preferredLaw() : G711.Law.PCMU;
        c.rtp.configure(new RemoteMedia(new InetSocketAddress(a.address(), Math.max(a.port(), 1)), law,
                a.telephoneEventPt(), send));
    }

    private void noteRemoteHold(Call c, Sdp.Direction theirs) {
        boolean holds = theirs == Sdp.Direction.SENDONLY || theirs == Sdp.Direction.INACTIVE;
        if (holds != c.remoteHolds) {
            c.remoteHolds = holds;
            emit(holds ? "remote-hold" : "remote-resume");
        }
    }

    private void reinvite(Sdp.Direction dir) throws Exception {
        if (dir == Sdp.Direction.SENDONLY) applyRemote(call, dir); // stop sending at once while the hold is out
        call.reinvite(sip, dir);
    }

    private void sendInDialog(String method) throws Exception {
        if (call == null || call.dialog == null) {
            finishEnding();
            return;
        }
        call.send(sip, call.dialog.createRequest(method));
    }

    private void finishEnding() {
        if (machine.state() == CallState.ENDING) machine.fire(CallEvent.ENDED);
        endCall();
    }

    private void stopMedia() {
        if (call != null && call.rtp != null) call.rtp.close();
    }

    private void endCall() {
        if (call != null) {
            if (call.autoAnswer != null) call.autoAnswer.cancel(false);
            stopMedia();
        }
        if (machine.state() == CallState.IDLE) {
            call = null;
            emit("idle");
        }
    }

    private void need(CallEvent event) throws PhoneException {
        if (!machine.can(event)) {
            machine.fire(event); // logs and counts the refusal
            throw new PhoneException("not possible in call state " + machine.state());
        }
    }

    private JsonObject emit(String event) {
        JsonObject e = new JsonObject().put("event", event);
        if (call != null) e.put("sipCallId", call.sipCallId);
        // emitted after the caller adds its fields: hand over once this task is done
        phoneThread.execute(() -> events.accept(e));
        return e;
    }

    /** A step that may throw, run on the phone thread. */
    private interface PhoneTask<T> {
        T run() throws Exception;
    }

    private <T> CompletableFuture<T> onPhone(PhoneTask<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            phoneThread.execute(() -> {
                try {
                    f.complete(task.run());
                } catch (PhoneException e) {
                    f.completeExceptionally(e);
                } catch (Exception e) {
                    LOG.warn("{}: command failed", settings.extension(), e);
                    f.completeExceptionally(new PhoneException(e.toString()));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new PhoneException("phone stopped"));
        }
        return f;
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = onPhone(() -> {
            if (call != null && machine.can(CallEvent.HANGUP)) {
                try {
                    doHangup();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
            stopMedia();
            if (registration != null) registration.stop();
            return null;
        });
        try {
            done.get(2, TimeUnit.SECONDS);
            Thread.sleep(100); // let the un-REGISTER leave the socket
        } catch (Exception ignored) {
            // shutting down anyway
        }
        phoneThread.shutdownNow();
        if (sip != null) sip.close();
    }
}
