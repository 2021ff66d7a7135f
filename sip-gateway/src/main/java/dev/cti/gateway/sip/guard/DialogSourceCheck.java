package dev.cti.gateway.sip.guard;

import java.net.InetAddress;

/**
 * Asked by the {@link IngressValve} about every request that names a dialog (a To tag, or a CANCEL): does it come
 * from a host the dialog's peer never uses? Such a request is answered 481 before jain-sip's dialog layer sees it,
 * so a forged request with the right tags cannot even move the dialog's CSeq (which would make the real peer's next
 * request "out of order"). The B2BUA, which knows each dialog's peer, implements it (and counts what it refuses).
 */
@FunctionalInterface
public interface DialogSourceCheck {
    /** Refuses nothing: the B2BUA is not installed yet. */
    DialogSourceCheck NONE = (callId, method, source) -> false;

    /** True to refuse the request; called on jain-sip's threads, so it must be thread-safe and quick. */
    boolean foreign(String callId, String method, InetAddress source);
}
