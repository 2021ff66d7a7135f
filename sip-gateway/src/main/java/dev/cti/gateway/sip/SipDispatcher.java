package dev.cti.gateway.sip;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sip.InvalidArgumentException;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@link SipEvent}s to handlers: a handler registered for the event's dialog wins, then the handler for
 * the request method (or the response's CSeq method), then the defaults below. Requests first pass the
 * {@link RequestFilter}s (validation). Handlers run on the stack's pool threads, concurrently: they must be
 * thread-safe and must not block. A handler that throws is logged and counted and the request gets 500, so a bug
 * never leaves a peer retransmitting into silence or kills a stack thread.
 *
 * <p>Defaults for requests nobody claimed: ACK is absorbed; BYE/CANCEL/INFO/NOTIFY/REFER outside a known dialog
 * get 481; INVITE gets 503 with Retry-After 2 s (no call handler installed yet: the gateway is starting or stopping); methods we know but do not allow get 405 with Allow;
 * anything else 501.
 */
public final class SipDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(SipDispatcher.class);

    /** Handles requests of one method. */
    @FunctionalInterface
    public interface RequestHandler {
        void onRequest(SipEvent.RequestReceived request);
    }

    /** Receives every event of one dialog (requests, responses, timeouts, end). */
    @FunctionalInterface
    public interface DialogHandler {
        void onEvent(SipEvent event);
    }

    /** A check every request passes before it is routed. */
    @FunctionalInterface
    public interface RequestFilter {
        Optional<Rejection> check(SipEvent.RequestReceived request);
    }

    /** The answer a filter wants sent instead of routing the request. */
    public record Rejection(int status, RejectReason reason, Consumer<Response> headers) {
        public Rejection {
            Objects.requireNonNull(reason);
            headers = headers == null ? r -> {} : headers;
        }

        public static Rejection of(int status, RejectReason reason) {
            return new Rejection(status, reason, null);
        }
    }

    private final SipMetrics metrics;
    private volatile SipMessenger messenger;
    private final Map<String, RequestHandler> requestHandlers = new ConcurrentHashMap<>();
    private final Map<String, Consumer<SipEvent.ResponseReceived>> responseHandlers = new ConcurrentHashMap<>();
    private final Map<String, DialogHandler> dialogHandlers = new ConcurrentHashMap<>();
    private final List<RequestFilter> filters = new CopyOnWriteArrayList<>();
    private volatile Consumer<SipEvent> otherEvents = e -> LOG.trace("unclaimed {}", e);

    public SipDispatcher(SipMetrics metrics) {
        this.metrics = metrics;
    }

    void attach(SipMessenger sipMessenger) {
        this.messenger = sipMessenger;
    }

    public void addFilter(RequestFilter filter) {
        filters.add(filter);
    }

    /** Installs the handler for requests of {@code method} (replacing any previous one). */
    public void onRequest(String method, RequestHandler handler) {
        requestHandlers.put(method, handler);
    }

    /** Installs the handler for responses whose CSeq method is {@code method}, outside known dialogs. */
    public void onResponse(String method, Consumer<SipEvent.ResponseReceived> handler) {
        responseHandlers.put(method, handler);
    }

    /** Routes every later event of {@code dialogId} to {@code handler} until {@link #removeDialog}. */
    public void onDialog(String dialogId, DialogHandler handler) {
        dialogHandlers.put(dialogId, handler);
    }

    public void removeDialog(String dialogId) {
        dialogHandlers.remove(dialogId);
    }

    /** Timeouts, transaction/dialog ends and transport errors that no dialog handler claimed. */
    public void onOtherEvents(Consumer<SipEvent> handler) {
        otherEvents = handler;
    }

    /** Entry point of the listener adapter. Never throws. */
    public void dispatch(SipEvent event) {
        try {
            route(event);
        } catch (RuntimeException e) {
            LOG.warn("handler failed on {}", describe(event), e);
            if (event instanceof SipEvent.RequestReceived r) {
                metrics.rejected(RejectReason.HANDLER_ERROR, SipMetrics.Action.ANSWERED);
                messenger.respond(r, Response.SERVER_INTERNAL_ERROR);
            }
        }
    }

    private void route(SipEvent event) {
        DialogHandler byDialog = event.dialogId() == null ? null : dialogHandlers.get(event.dialogId());
        if (event instanceof SipEvent.RequestReceived request) {
            for (RequestFilter f : filters) {
                Optional<Rejection> rejection = f.check(request);
                if (rejection.isPresent()) {
                    reject(request, rejection.get());
                    return;
                }
            }
            if (byDialog != null) {
                byDialog.onEvent(event);
                return;
            }
            RequestHandler handler = requestHandlers.get(request.method());
            if (handler != null) {
                handler.onRequest(request);
            } else {
                unclaimed(request);
            }
            return;
        }
        if (event instanceof SipEvent.ResponseReceived response && ChallengeHandler.offer(response)) {
            return; // a digest challenge answered by the request's sender (re-sent with credentials)
        }
        if (byDialog != null) {
            byDialog.onEvent(event);
            return;
        }
        if (event instanceof SipEvent.ResponseReceived response && response.method() != null) {
            Consumer<SipEvent.ResponseReceived> handler = responseHandlers.get(response.method());
            if (handler != null) {
                handler.accept(response);
                return;
            }
        }
        otherEvents.accept(event);
    }

    /** Sends a filter's rejection and counts it. */
    public void reject(SipEvent.RequestReceived request, Rejection rejection) {
        if ("ACK".equals(request.method())) {
            metrics.rejected(rejection.reason(), SipMetrics.Action.DROPPED);
            return;
        }
        metrics.rejected(rejection.reason(), SipMetrics.Action.ANSWERED);
        messenger.respond(request, rejection.status(), rejection.headers());
    }

    private void unclaimed(SipEvent.RequestReceived request) {
        String method = request.method();
        switch (method) {
            case "ACK" -> metrics.rejected(RejectReason.STRAY, SipMetrics.Action.DROPPED);
            case "BYE", "CANCEL", "INFO", "NOTIFY", "REFER" ->
                    reject(request, Rejection.of(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, RejectReason.STRAY));
            // a gateway starting (listening before its B2BUA is installed) or stopping: the trunk tries again soon
            case "INVITE" -> reject(request, new Rejection(Response.SERVICE_UNAVAILABLE, RejectReason.UNAVAILABLE,
                    r -> r.addHeader(retryAfter(2))));
            default -> {
                boolean known = SipCapabilities.KNOWN_NOT_ALLOWED.contains(method) || SipCapabilities.isAllowed(method);
                reject(request, new Rejection(known ? Response.METHOD_NOT_ALLOWED : Response.NOT_IMPLEMENTED,
                        RejectReason.METHOD_NOT_SUPPORTED,
                        r -> SipHeaders.each(messenger.headerFactory(), "Allow", SipCapabilities.ALLOWED_METHODS)
                                .forEach(r::addHeader)));
            }
        }
    }

    private RetryAfterHeader retryAfter(int seconds) {
        try {
            return messenger.headerFactory().createRetryAfterHeader(seconds);
        } catch (InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(SipEvent event) {
        return event.getClass().getSimpleName() + (event instanceof SipEvent.RequestReceived r ? " " + r.method() : "");
    }
}
