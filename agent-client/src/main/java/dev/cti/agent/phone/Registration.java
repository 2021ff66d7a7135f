package dev.cti.agent.phone;

import dev.cti.protocol.digest.DigestClient;
import io.vertx.core.json.JsonObject;
import java.util.ListIterator;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the seat registered: REGISTER with digest (MD5 or SHA-256), refresh at 80% of the granted lifetime, and
 * after a failure or a timeout (network loss) retry with backoff from 1 s to 60 s. Runs on the phone thread.
 */
final class Registration {
    private static final Logger LOG = LoggerFactory.getLogger(Registration.class);
    private static final long MAX_BACKOFF_MS = 60_000;

    private final SipMessages sip;
    private final ScheduledExecutorService phoneThread;
    private final Consumer<JsonObject> events;
    private final CallIdHeader callId;
    private final String fromTag;
    private long cseq;
    private int nonceCount;
    private int authAttempts;
    private boolean registered;
    private boolean stopped;
    private long backoffMs = 1000;
    private ScheduledFuture<?> timer;
    private ClientTransaction pending;

    Registration(SipMessages sip, ScheduledExecutorService phoneThread, Consumer<JsonObject> events) {
        this.sip = sip;
        this.phoneThread = phoneThread;
        this.events = events;
        this.callId = sip.provider.getNewCallId();
        this.fromTag = sip.newTag();
    }

    boolean registered() {
        return registered;
    }

    void start() {
        if (sip.settings.registerExpires() <= 0) return; // registration off (direct peer, tests)
        send(sip.settings.registerExpires(), null, 0);
    }

    /** Best-effort un-REGISTER (Expires: 0) on shutdown. */
    void stop() {
        stopped = true;
        if (timer != null) timer.cancel(false);
        if (registered) send(0, null, 0);
        registered = false;
    }

    boolean owns(ClientTransaction ct) {
        return ct != null && Request.REGISTER.equals(ct.getRequest().getMethod());
    }

    private void send(int expires, DigestClient.Challenge challenge, int status) {
        try {
            Request r = sip.request(Request.REGISTER, sip.gatewayUri(null), sip.aor(sip.settings.extension()), fromTag,
                    callId, ++cseq);
            r.addHeader(sip.headers.createExpiresHeader(expires));
            if (challenge != null) {
                sip.authorize(r, status, DigestClient.answer(challenge, sip.settings.extension(), sip.settings.sipPassword(),
                        Request.REGISTER, r.getRequestURI().toString(), ++nonceCount, sip.cnonce()));
            }
            pending = sip.provider.getNewClientTransaction(r);
            pending.sendRequest();
        } catch (Exception e) {
            LOG.warn("{}: REGISTER could not be sent: {}", sip.settings.extension(), e.toString());
            failed("send-error", 0);
        }
    }

    void onResponse(Response r) {
        int status = r.getStatusCode();
        if (status < 200) return;
        int expiresAsked = ((ExpiresHeader) pending.getRequest().getHeader(ExpiresHeader.NAME)).getExpires();
        if ((status == 401 || status == 407) && !stopped) {
            Optional<DigestClient.Challenge> c = DigestClient.choose(SipMessages.challenges(r));
            if (c.isEmpty() || ++authAttempts > 2) {
                failed(c.isEmpty() ? "unsupported-challenge" : "auth-rejected", status);
                return;
            }
            send(expiresAsked, c.get(), status);
            return;
        }
        authAttempts = 0;
        if (status >= 300) {
            failed("rejected", status);
            return;
        }
        if (expiresAsked == 0 || stopped) return;
        int granted = grantedExpires(r, expiresAsked);
        backoffMs = 1000;
        if (!registered) {
            registered = true;
            events.accept(new JsonObject().put("event", "registered").put("expires", granted));
        }
        schedule(Math.max(1000, granted * 800L));
    }

    private int grantedExpires(Response r, int asked) {
        ListIterator<?> it = r.getHeaders(ContactHeader.NAME);
        String ours = "sip:" + sip.settings.extension() + "@" + sip.settings.bindHost() + ":" + sip.localPort;
        while (it.hasNext()) {
            ContactHeader c = (ContactHeader) it.next();
            if (c.getAddress().getURI().toString().startsWith(ours) && c.getExpires() >= 0) return c.getExpires();
        }
        ExpiresHeader e = (ExpiresHeader) r.getHeader(ExpiresHeader.NAME);
        return e != null ? e.getExpires() : asked;
    }

    void onTimeout() {
        failed("timeout", 0);
    }

    private void failed(String reason, int status) {
        if (stopped) return;
        authAttempts = 0;
        JsonObject e = new JsonObject().put("event", registered ? "unregistered" : "registration-failed")
                .put("reason", reason).put("retryInMs", backoffMs);
        if (status > 0) e.put("status", status);
        registered = false;
        events.accept(e);
        schedule(backoffMs);
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    }

    private void schedule(long delayMs) {
        if (timer != null) timer.cancel(false);
        timer = phoneThread.schedule(() -> {
            if (!stopped) send(sip.settings.registerExpires(), null, 0);
        }, delayMs, TimeUnit.MILLISECONDS);
    }
}
