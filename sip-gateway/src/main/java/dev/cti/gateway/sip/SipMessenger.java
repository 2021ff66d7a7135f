package dev.cti.gateway.sip;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SIP messages for the gateway's handlers: answers a {@link SipEvent.RequestReceived} through its server
 * transaction (creating it on first use), sends new requests through client transactions, and counts every
 * response it sends. It also exposes the jain-sip factories and provider for the B2BUA, which builds requests
 * itself.
 */
public final class SipMessenger {
    private static final Logger LOG = LoggerFactory.getLogger(SipMessenger.class);

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final SipMetrics metrics;
    private final SecureRandom random = new SecureRandom();

    public SipMessenger(SipProvider provider, MessageFactory messages, HeaderFactory headers,
                        AddressFactory addresses, SipMetrics metrics) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.metrics = metrics;
    }

    public SipProvider provider() { return provider; }

    public MessageFactory messageFactory() { return messages; }

    public HeaderFactory headerFactory() { return headers; }

    public AddressFactory addressFactory() { return addresses; }

    /** A random To/From tag (RFC 3261 19.3: at least 32 bits of randomness). */
    public String newTag() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The server transaction of a request, created if the handler is the first to need it; null for ACK (it has
     * none) or when the stack refuses (a retransmission racing its original).
     */
    public ServerTransaction serverTransaction(SipEvent.RequestReceived event) {
        if (event.serverTransaction() != null) {
            return event.serverTransaction();
        }
        if (Request.ACK.equals(event.method())) {
            return null;
        }
        try {
            return provider.getNewServerTransaction(event.request());
        } catch (TransactionAlreadyExistsException e) {
            LOG.debug("retransmission of {} absorbed", event.method());
            return null;
        } catch (SipException e) {
            LOG.debug("no server transaction for {}: {}", event.method(), e.toString());
            return null;
        }
    }

    /** Builds a response to the request with a To tag on every non-100 response. */
    public Response createResponse(Request request, int status) {
        try {
            Response response = messages.createResponse(status, request);
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (status > 100 && to != null && to.getTag() == null) {
                to.setTag(newTag());
            }
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot build " + status + " for " + request.getMethod(), e);
        }
    }

    /** Answers the request; returns false when it could not be sent (logged and counted by the caller if needed). */
    public boolean respond(SipEvent.RequestReceived event, int status) {
        return respond(event, status, r -> {});
    }

    /** Answers the request after letting {@code customiser} add headers. Never throws for transport problems. */
    public boolean respond(SipEvent.RequestReceived event, int status, Consumer<Response> customiser) {
        if (Request.ACK.equals(event.method())) {
            return false;
        }
        Response response = createResponse(event.request(), status);
        customiser.accept(response);
        return send(event, response);
    }

    /** Sends a ready-made response to the request (statefully when a transaction exists, else statelessly). */
    public boolean send(SipEvent.RequestReceived event, Response response) {
        try {
            ServerTransaction tx = serverTransaction(event);
            if (tx != null) {
                tx.sendResponse(response);
            } else {
                provider.sendResponse(response);
            }
            metrics.responseSent(response.getStatusCode());
            return true;
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("could not send {} to {}: {}", response.getStatusCode(), event.method(), e.toString());
            return false;
        }
    }

    /** Sends a request through a new client transaction and returns it (the B2BUA's outgoing legs). */
    public ClientTransaction sendRequest(Request request) throws SipException {
        ClientTransaction tx = provider.getNewClientTransaction(request);
        tx.sendRequest();
        return tx;
    }
}
