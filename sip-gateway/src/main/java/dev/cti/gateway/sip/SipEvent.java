package dev.cti.gateway.sip;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The gateway's own view of what the SIP stack reported: one immutable record per kind of callback, each carrying
 * the key it is routed by (method, dialog id) so handlers never dig in jain-sip event objects to find out. The raw
 * jain-sip event stays available for the rare handler that needs it.
 */
public sealed interface SipEvent {

    /** Dialog id (Call-ID + tags) as jain-sip computes it, or null when outside a dialog. */
    String dialogId();

    /** A request arrived. {@code serverTransaction} is null until a handler asks the responder for one. */
    record RequestReceived(Request request, String method, String dialogId, ServerTransaction serverTransaction,
                           String transport, RequestEvent raw) implements SipEvent {}

    /** A response to one of our requests arrived. */
    record ResponseReceived(Response response, int status, String method, String dialogId,
                            ClientTransaction clientTransaction, ResponseEvent raw) implements SipEvent {}

    /** A transaction timed out (no response, or no ACK for our final response). */
    record TransactionTimedOut(boolean serverSide, String method, String dialogId, TimeoutEvent raw)
            implements SipEvent {}

    /** A transaction ended (normal cleanup). */
    record TransactionEnded(boolean serverSide, String method, String dialogId, TransactionTerminatedEvent raw)
            implements SipEvent {}

    /** A dialog ended. */
    record DialogEnded(String dialogId, DialogTerminatedEvent raw) implements SipEvent {}

    /** The transport failed towards a peer (TCP connect refused, ICMP unreachable...). */
    record TransportFailed(String host, int port, String transport, IOExceptionEvent raw) implements SipEvent {
        @Override
        public String dialogId() {
            return null;
        }
    }
}
