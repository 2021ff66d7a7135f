package dev.cti.gateway.b2bua;

import dev.cti.config.TrunkConfig;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.gateway.sip.registrar.Binding;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import javax.sip.Dialog;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request routed to a leg by its Call-ID really belongs to that leg's dialog (issue 13): the
 * From tag must be the peer's tag and the To tag ours (RFC 3261 12.2.2; a CANCEL, outside the dialog, carries the
 * INVITE's From tag), and the packet must come from the leg's peer: for the customer's and external legs the
 * trunk's {@code host} or {@code allowFrom} addresses, for a phone (agent, supervisor) the source of one of the
 * extension's current registrations, and for both the host the dialog was set up with (the INVITE's or the 2xx's
 * source). The source is checked twice: by the SIP endpoint's ingress valve before jain-sip's dialog layer
 * ({@link #fromPeer}, so a forged request cannot even move the dialog's CSeq), and with the tags on the call's
 * executor ({@link #admit}). Anything else gets 481 Call/Transaction Does Not Exist (an ACK nothing), is counted
 * ({@code b2bua_in_dialog_refused_total{method,reason}}) and changes nothing: a sniffed Call-ID no longer lets
 * anyone BYE, REFER or re-INVITE a call. Runs on the call's executor.
 */
final class InDialogGuard {
    private static final Logger LOG = LoggerFactory.getLogger(InDialogGuard.class);

    /** Why a request was refused: the {@code reason} label. */
    enum Refusal {
        WRONG_TAG("wrong_tag"),
        FOREIGN_SOURCE("foreign_source");

        final String label;

        Refusal(String label) {
            this.label = label;
        }
    }

    private final CallServices s;

    InDialogGuard(CallServices services) {
        this.s = services;
    }

    /** True when {@code event} may be handled by {@code leg}; else it has been answered (481) and counted. */
    boolean admit(Call call, SipLeg leg, SipEvent.RequestReceived event) {
        Refusal refusal = check(call, leg, event.request());
        if (refusal == null) {
            return true;
        }
        s.metrics().inDialogRefused(event.method(), refusal.label);
        InetAddress source = SipSupport.packetSource(event.request());
        LOG.info("call {}: {} for the {} leg refused ({}) from {}", call.id(), event.method(), leg.role, refusal.label,
                source == null ? "?" : source.getHostAddress());
        if (!Request.ACK.equals(event.method())) {
            s.sip().messenger().respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
        }
        return false;
    }

    Refusal check(Call call, SipLeg leg, Request request) {
        if (!tagsMatch(leg, request)) {
            return Refusal.WRONG_TAG;
        }
        InetAddress source = SipSupport.packetSource(request);
        return source != null && peerAddresses(call, leg).contains(source) ? null : Refusal.FOREIGN_SOURCE;
    }

    /**
     * The ingress valve's check (any thread; reads only immutable or volatile state): true when {@code source} may
     * be the leg's peer; else the refusal is counted and logged here and the valve answers 481.
     */
    boolean fromPeer(Call call, SipLeg leg, InetAddress source, String method) {
        if (peerAddresses(call, leg).contains(source)) {
            return true;
        }
        s.metrics().inDialogRefused(method, Refusal.FOREIGN_SOURCE.label);
        LOG.info("call {}: {} for the {} leg refused ({}) from {}", call.id(), method, leg.role,
                Refusal.FOREIGN_SOURCE.label, source.getHostAddress());
        return false;
    }

    private static boolean tagsMatch(SipLeg leg, Request request) {
        String from = tag((FromHeader) request.getHeader(FromHeader.NAME));
        if (Request.CANCEL.equals(request.getMethod())) {
            Request invite = leg.inviteServer == null ? null : leg.inviteServer.getRequest();
            return invite != null && from != null
                    && from.equals(tag((FromHeader) invite.getHeader(FromHeader.NAME)));
        }
        ToHeader toHeader = (ToHeader) request.getHeader(ToHeader.NAME);
        String to = toHeader == null ? null : toHeader.getTag();
        Dialog dialog = leg.dialog;
        if (dialog == null || from == null || to == null) {
            return false;
        }
        return from.equals(dialog.getRemoteTag()) && to.equals(dialog.getLocalTag());
    }

    private static String tag(FromHeader from) {
        return from == null ? null : from.getTag();
    }

    /** The IP addresses the leg's peer may send from (host names in the configuration are never looked up). */
    private Set<InetAddress> peerAddresses(Call call, SipLeg leg) {
        Set<InetAddress> allowed = new HashSet<>();
        if (leg.signallingHost != null) {
            allowed.add(leg.signallingHost);
        }
        if (leg.role == LegRole.AGENT || leg.role == LegRole.SUPERVISOR) {
            if (leg.extension != null) {
                for (Binding b : s.locations().bindings(leg.extension)) {
                    addLiteral(allowed, b.sourceHost());
                }
            }
        } else {
            TrunkConfig trunk = TrunkChallenges.trunkFor(s.config(), call.trunkId());
            if (trunk != null) {
                addLiteral(allowed, trunk.host());
                trunk.allowFrom().forEach(a -> addLiteral(allowed, a));
            }
        }
        return allowed;
    }

    /** Adds {@code host} if it is an IP literal (so "::1" and "0:0:0:0:0:0:0:1" are one address); no DNS. */
    private static void addLiteral(Set<InetAddress> set, String host) {
        if (host != null && (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*"))) {
            try {
                set.add(InetAddress.getByName(host)); // a literal: parsed, never looked up
            } catch (java.net.UnknownHostException e) {
                LOG.debug("not an address: {}", host);
            }
        }
    }
}
