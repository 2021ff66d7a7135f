package dev.cti.gateway.sip;

import gov.nist.javax.sip.stack.HopImpl;
import java.net.InetSocketAddress;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import javax.sip.SipException;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.message.Request;

/**
 * jain-sip's router with one rule added: a request for a phone that registered over TCP or TLS goes back over the
 * connection it registered on. The phone's Contact names its listening port, which over TLS would need a certificate
 * of its own (phones have none we could trust) and behind NAT is unreachable anyway; the connection it opened to us is
 * its flow (RFC 5626 §5.3). jain-sip caches incoming connections by their remote address and port, so routing to that
 * address reuses the phone's connection. Everything else (UDP, trunks, unknown contacts) is routed as before.
 */
final class FlowRouter implements Router {

    /** Where a registered Contact's connection comes from. */
    interface Flows {
        Optional<InetSocketAddress> flowFor(String transport, String contactHost, int contactPort);
    }

    private final Router delegate;
    private final Flows flows;

    FlowRouter(Router delegate, Flows flows) {
        this.delegate = delegate;
        this.flows = flows;
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        Hop hop = delegate.getNextHop(request);
        if (hop == null) {
            return null;
        }
        String transport = hop.getTransport() == null ? "UDP" : hop.getTransport().toUpperCase(Locale.ROOT);
        if (!transport.equals("TLS") && !transport.equals("TCP")) {
            return hop;
        }
        return flows.flowFor(transport, hop.getHost(), hop.getPort())
                .<Hop>map(f -> new HopImpl(f.getAddress().getHostAddress(), f.getPort(), transport))
                .orElse(hop);
    }

    @Override
    @SuppressWarnings({"deprecation", "rawtypes"})
    public ListIterator getNextHops(Request request) {
        return delegate.getNextHops(request);
    }

    @Override
    public Hop getOutboundProxy() {
        return delegate.getOutboundProxy();
    }
}
