package dev.cti.agent.phone;

import dev.cti.agent.media.AudioSink;
import dev.cti.agent.media.AudioSource;
import dev.cti.protocol.sdp.MediaDirection;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIP softphone for one seat: registration, one call at a time (answer, reject, hang up, hold/resume by re-INVITE,
 * mute, RFC 4733 DTMF, blind transfer by REFER, outbound dial), G.711 RTP. Every SIP callback and every command runs
 * on the seat's single phone thread, and every call change goes through {@link CallMachine}. Commands return a future
 * that fails with {@link PhoneException} when the call's state does not allow them.
 *
 * <p>This class holds the commands and the lifecycle; the SIP callbacks go to {@link Registration} (REGISTER),
 * {@link InboundRequests} (requests from the far end and the gateway's remote control) and {@link OwnRequests}
 * (answers to the requests of the call), which share the call through {@link PhoneContext}.
 */
public final class Softphone implements AutoCloseable, SipAdapter.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Softphone.class);

    private final PhoneSettings settings;
    private final Consumer<JsonObject> events;
    private final ScheduledExecutorService phoneThread;
    private final CallMachine machine;
    private final PhoneContext ctx;
    private final InboundRequests inbound;
    private final OwnRequests own;
    private Registration registration;

    public Softphone(PhoneSettings settings, Clock clock, ScheduledExecutorService mediaTicker,
                     Supplier<AudioSource> audioIn, Supplier<AudioSink> audioOut, Consumer<JsonObject> events) {
        this.settings = settings;
        this.events = events;
        this.phoneThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phone-" + settings.extension());
            t.setDaemon(true);
            return t;
        });
        this.machine = new CallMachine("phone " + settings.extension(), clock, (from, ev, to) ->
                LOG.debug("{}: {} --{}--> {}", settings.extension(), from, ev, to));
        this.ctx = new PhoneContext(settings, machine, phoneThread, mediaTicker, audioIn, audioOut, events);
        this.inbound = new InboundRequests(ctx, new RemoteControl(settings));
        this.own = new OwnRequests(ctx);
    }

    /** Creates the SIP stack and starts registering. */
    public CompletableFuture<Void> start() {
        return onPhone(() -> {
            ctx.sip = new SipMessages(settings, "agent-" + settings.extension() + "-" + System.identityHashCode(this));
            ctx.sip.provider.addSipListener(new SipAdapter(phoneThread, this));
            registration = new Registration(ctx.sip, phoneThread, events);
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
        return ctx.sip.localPort;
    }

    /** Auto-answer incoming calls after {@code delayMs}; negative turns it off. */
    public void setAutoAnswer(long delayMs) {
        ctx.autoAnswerMs = delayMs;
    }

    /** RTP packets sent and received in the current call (0 without one). */
    public long[] rtpCounters() {
        Call c = ctx.call;
        return c == null || c.rtp == null ? new long[] {0, 0} : new long[] {c.rtp.packetsSent(), c.rtp.packetsReceived()};
    }

    // ---------------------------------------------------------------- commands

    public CompletableFuture<Void> answer() {
        return onPhone(() -> {
            ctx.need(CallEvent.ANSWER);
            inbound.answer();
            return null;
        });
    }

    /** Rejects the ringing call with 486 Busy Here or 603 Decline. */
    public CompletableFuture<Void> reject(int status) {
        return onPhone(() -> {
            ctx.need(CallEvent.REJECT);
            ctx.sip.respond(ctx.call.inviteTx, status);
            machine.fire(CallEvent.REJECT);
            ctx.emit("rejected").put("status", status);
            ctx.endCall();
            return null;
        });
    }

    public CompletableFuture<Void> hangup() {
        return onPhone(() -> {
            ctx.need(CallEvent.HANGUP);
            ctx.hangUp();
            return null;
        });
    }

    public CompletableFuture<Void> hold() {
        return onPhone(() -> {
            ctx.need(CallEvent.HOLD);
            machine.fire(CallEvent.HOLD);
            ctx.reinvite(MediaDirection.SENDONLY);
            return null;
        });
    }

    public CompletableFuture<Void> resume() {
        return onPhone(() -> {
            ctx.need(CallEvent.RESUME);
            machine.fire(CallEvent.RESUME);
            ctx.reinvite(MediaDirection.SENDRECV);
            return null;
        });
    }

    public CompletableFuture<Void> mute(boolean on) {
        return onPhone(() -> {
            ctx.muted = on;
            Call call = ctx.call;
            if (call != null && call.rtp != null) call.rtp.setMuted(on);
            ctx.emit(on ? "muted" : "unmuted");
            return null;
        });
    }

    public CompletableFuture<Void> dtmf(String digits) {
        return onPhone(() -> {
            if (!digits.matches("[0-9*#A-Da-d]+")) throw new PhoneException("DTMF digits are 0-9 * # A-D, got '" + digits + "'");
            CallState s = machine.state();
            Call call = ctx.call;
            if (call == null || call.rtp == null || (s != CallState.CONNECTED && s != CallState.HELD)) {
                throw new PhoneException("no connected call (state " + s + ")");
            }
            if (!call.rtp.sendDtmf(digits)) throw new PhoneException("the far end did not offer telephone-event");
            return null;
        });
    }

    public CompletableFuture<Void> transfer(String target) {
        return onPhone(() -> {
            ctx.need(CallEvent.TRANSFER);
            if (!target.matches("[0-9A-Za-z*#+._-]+")) throw new PhoneException("bad transfer target");
            machine.fire(CallEvent.TRANSFER);
            SipMessages sip = ctx.sip;
            Call call = ctx.call;
            Request refer = call.dialog.createRequest(Request.REFER);
            refer.addHeader(sip.headers.createReferToHeader(sip.addresses.createAddress(sip.gatewayUri(target))));
            call.send(sip, refer);
            return null;
        });
    }

    public CompletableFuture<Void> dial(String number) {
        return onPhone(() -> {
            if (!number.matches("[0-9*#+]{1,32}")) throw new PhoneException("a number is 1-32 of 0-9 * # +");
            ctx.need(CallEvent.DIAL);
            own.dial(number);
            return null;
        });
    }

    // ---------------------------------------------------------------- SIP events (phone thread)

    @Override
    public void onRequest(RequestEvent e) {
        inbound.onRequest(e);
    }

    @Override
    public void onResponse(ResponseEvent e) {
        Response r = e.getResponse();
        if (Request.REGISTER.equals(((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getMethod())) {
            try {
                if (registration.owns(e.getClientTransaction())) registration.onResponse(r);
            } catch (Exception ex) {
                LOG.warn("{}: REGISTER response handling failed: {}", settings.extension(), ex.toString());
            }
            return;
        }
        own.onResponse(e);
    }

    @Override
    public void onTimeout(TimeoutEvent e) {
        ClientTransaction ct = e.getClientTransaction();
        if (ct == null) return;
        if (Request.REGISTER.equals(ct.getRequest().getMethod())) {
            registration.onTimeout();
            return;
        }
        own.onTimeout();
    }

    @Override
    public void onIoError(IOExceptionEvent e) {
        LOG.info("{}: SIP I/O error towards {}:{}", settings.extension(), e.getHost(), e.getPort());
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
            if (ctx.call != null && machine.can(CallEvent.HANGUP)) {
                try {
                    ctx.hangUp();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
            ctx.stopMedia();
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
        if (ctx.sip != null) ctx.sip.close();
    }
}
