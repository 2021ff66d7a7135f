package dev.cti.gateway.sip;

import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.Transaction;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The only {@link SipListener} of the gateway: turns each jain-sip callback into a {@link SipEvent} and hands it
 * to the {@link SipDispatcher}. It holds no state and makes no decision; anything smarter belongs in a handler.
 */
public final class SipListenerAdapter implements SipListener {
    private final SipDispatcher dispatcher;

    public SipListenerAdapter(SipDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        ServerTransaction tx = event.getServerTransaction();
        dispatcher.dispatch(new SipEvent.RequestReceived(request, request.getMethod(), dialogId(event.getDialog()),
                tx, transportOf(request), event));
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        dispatcher.dispatch(new SipEvent.ResponseReceived(response, response.getStatusCode(),
                cseq == null ? null : cseq.getMethod(), dialogId(event.getDialog()),
                event.getClientTransaction(), event));
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        boolean server = event.isServerTransaction();
        Transaction tx = server ? event.getServerTransaction() : event.getClientTransaction();
        dispatcher.dispatch(new SipEvent.TransactionTimedOut(server, methodOf(tx), dialogId(tx), event));
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        dispatcher.dispatch(new SipEvent.TransportFailed(event.getHost(), event.getPort(), event.getTransport(),
                event));
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        boolean server = event.isServerTransaction();
        Transaction tx = server ? event.getServerTransaction() : event.getClientTransaction();
        dispatcher.dispatch(new SipEvent.TransactionEnded(server, methodOf(tx), dialogId(tx), event));
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        dispatcher.dispatch(new SipEvent.DialogEnded(dialogId(event.getDialog()), event));
    }

    private static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? null : via.getTransport();
    }

    private static String methodOf(Transaction tx) {
        return tx == null || tx.getRequest() == null ? null : tx.getRequest().getMethod();
    }

    private static String dialogId(Transaction tx) {
        return tx == null ? null : dialogId(tx.getDialog());
    }

    private static String dialogId(Dialog dialog) {
        return dialog == null ? null : dialog.getDialogId();
    }
}
