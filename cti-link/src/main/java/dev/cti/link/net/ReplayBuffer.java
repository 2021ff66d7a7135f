package dev.cti.link.net;

import dev.cti.link.LinkDownException;
import dev.cti.link.LinkProtocolException;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.Replayed;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link client's events not acknowledged by the server yet, oldest first (see {@link LinkClient}'s class comment
 * for what is kept and why). The first {@link #sentOnConnection} of them went out on the current connection; the rest
 * wait for it. An event gets its seq when it is first sent and keeps it: sent again on a later connection it
 * travels as {@link Replayed}. Not thread-safe: used on the client's context only.
 */
final class ReplayBuffer {
    private static final Logger log = LoggerFactory.getLogger(LinkClient.class);

    private final ArrayList<Entry> entries = new ArrayList<>();
    private final int capacity;
    private final LinkStats stats;
    private int sentOnConnection;

    ReplayBuffer(int capacity, LinkStats stats) {
        this.capacity = capacity;
        this.stats = stats;
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean full() {
        return entries.size() >= capacity;
    }

    /** True when every buffered event went out on the current connection. */
    boolean allSent() {
        return sentOnConnection == entries.size();
    }

    /** Keeps {@code event}; the caller checked {@link #full()}. */
    void add(LinkEvent event) {
        entries.add(new Entry(event));
        stats.buffered(entries.size());
    }

    /** A new connection (or none): nothing has been sent on it yet. */
    void newConnection() {
        sentOnConnection = 0;
    }

    /** Events that already have a seq, i.e. will travel again as {@link Replayed}. */
    long sentBefore() {
        return entries.stream().filter(e -> e.seq > 0).count();
    }

    /**
     * Sends the events not yet sent on {@code c}, in order: as {@link Replayed} with their first seq when they had
     * one, else as new lines (their seq is then theirs). False when the connection went down meanwhile.
     */
    boolean sendPending(LinkConnection c) {
        while (sentOnConnection < entries.size()) {
            Entry entry = entries.get(sentOnConnection);
            try {
                if (entry.seq > 0) {
                    c.send(new Replayed(entry.seq, entry.event));
                    stats.countReplayed();
                } else {
                    entry.seq = c.send(entry.event);
                }
                sentOnConnection++;
            } catch (LinkDownException e) {
                return false; // the client's lost() moves it on; the buffer keeps the rest
            } catch (LinkProtocolException e) {
                entries.remove(sentOnConnection); // it can never be sent
                stats.buffered(entries.size());
                stats.countDroppedWhileDown();
                log.error("CTI link: event not sent: {}", e.getMessage());
            }
        }
        return true;
    }

    /** The server applied every event up to {@code upToSeq}: they leave the buffer. */
    void applied(long upToSeq) {
        int n = 0;
        while (n < entries.size() && entries.get(n).seq > 0 && entries.get(n).seq <= upToSeq) {
            n++;
        }
        if (n > 0) {
            entries.subList(0, n).clear();
            sentOnConnection = Math.max(0, sentOnConnection - n);
            stats.buffered(entries.size());
        }
    }

    /** One buffered event; {@code seq} is 0 until it is first sent. */
    private static final class Entry {
        final LinkEvent event;
        long seq;

        Entry(LinkEvent event) {
            this.event = event;
        }
    }
}
