package dev.cti.link.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The server nodes a {@link LinkClient} dials: the configured one first, then the alternates
 * ({@code network.ctiLink.alternates}, storage.failover: only the node owning the call center listens), moving to
 * the next after each failed attempt. Used on the client's context only.
 */
final class ServerAddresses {
    record Address(String host, int port) {}

    private final List<Address> all;
    private int current;

    private ServerAddresses(List<Address> all) {
        this.all = List.copyOf(all);
    }

    /**
     * @param plainTcp true for a client without TLS: every address must then be loopback
     * @throws IllegalArgumentException for an alternate that is not HOST:PORT, or a plain-TCP address not loopback
     */
    static ServerAddresses of(String host, int port, List<String> alternates, boolean plainTcp) {
        List<Address> all = new ArrayList<>();
        all.add(new Address(host, port));
        for (String a : alternates) {
            int colon = a.lastIndexOf(':');
            int p;
            try {
                p = colon > 0 ? Integer.parseInt(a.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65_535) {
                throw new IllegalArgumentException("a CTI link alternate must be HOST:PORT, not " + a);
            }
            all.add(new Address(a.substring(0, colon), p));
        }
        for (Address a : all) {
            if (plainTcp && !LinkTls.loopback(a.host())) {
                throw new IllegalArgumentException("a plain-TCP CTI link may dial a loopback address only, not "
                        + a.host() + ": give the LinkClient a LinkTls");
            }
        }
        return new ServerAddresses(all);
    }

    Address current() {
        return all.get(current);
    }

    /** True on the first address: a round of every address ends here. */
    boolean atFirst() {
        return current == 0;
    }

    /** Moves to the next address; true when there was another one to move to. */
    boolean next() {
        if (all.size() < 2) {
            return false;
        }
        current = (current + 1) % all.size();
        return true;
    }
}
