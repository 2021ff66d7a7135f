package dev.cti.server.store;

/**
 * The store's write queue is full ({@code storage.writeQueueCapacity}): the write was refused at once, nothing of it
 * was stored, and the caller should try again later (HTTP: 503 {@code store_busy} with Retry-After). The queue is
 * bounded so that a database that is slow or away makes the server refuse work instead of growing without end.
 */
public final class StoreBusyException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreBusyException(String kind, int capacity) {
        super("store busy: " + capacity + " writes are already waiting (" + kind + " refused)", null, true);
    }

    /** Whether {@code e} or one of its causes is a {@link StoreBusyException}. */
    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreBusyException) {
                return true;
            }
        }
        return false;
    }
}
