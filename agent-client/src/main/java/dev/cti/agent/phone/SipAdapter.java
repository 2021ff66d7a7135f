package dev.cti.agent.phone;

import java.util.concurrent.Executor;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;

/**
 * The one jain-sip {@link SipListener}: moves every callback onto the seat's phone thread and hands it to the
 * {@link Handler}. No logic here, so the softphone's state is only ever touched by one thread.
 */
final class SipAdapter implements SipListener {
    /** What the softphone does with SIP traffic (called on the phone thread). */
    interface Handler {
        void onRequest(RequestEvent event);

        void onResponse(ResponseEvent event);

        void onTimeout(TimeoutEvent event);

        void onIoError(IOExceptionEvent event);
    }

    private final Executor phoneThread;
    private final Handler handler;

    SipAdapter(Executor phoneThread, Handler handler) {
        this.phoneThread = phoneThread;
        this.handler = handler;
    }

    @Override public void processRequest(RequestEvent e) { phoneThread.execute(() -> handler.onRequest(e)); }
    @Override public void processResponse(ResponseEvent e) { phoneThread.execute(() -> handler.onResponse(e)); }
    @Override public void processTimeout(TimeoutEvent e) { phoneThread.execute(() -> handler.onTimeout(e)); }
    @Override public void processIOException(IOExceptionEvent e) { phoneThread.execute(() -> handler.onIoError(e)); }
    @Override public void processTransactionTerminated(TransactionTerminatedEvent e) { }
    @Override public void processDialogTerminated(DialogTerminatedEvent e) { }
}
