package dev.cti.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a leaf certificate must say: its role (key usage and identity URI), a common name, and the DNS names
 * and IP addresses it is valid for. {@link #covers} tells whether an existing certificate still says all of it,
 * so a changed configuration (a new link address, another HTTPS name) gets a new certificate at the next start.
 */
public record LeafSpec(Role role, String commonName, Set<String> dnsNames, Set<String> ipAddresses,
                       Optional<String> identityUri) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final int SAN_URI = 6;

    public LeafSpec {
        dnsNames = Set.copyOf(dnsNames);
        Set<String> normalized = new LinkedHashSet<>();
        ipAddresses.forEach(ip -> normalized.add(normalizeIp(ip)));
        ipAddresses = Set.copyOf(normalized);
    }

    /** The server's end of the link, valid for the loopback names and {@code hosts} (what gateways dial). */
    public static LeafSpec linkServer(Collection<String> hosts) {
        return withHosts(Role.LINK_SERVER, "CTI link server", hosts, Identities.of(Role.LINK_SERVER, null));
    }

    /** Gateway {@code id}'s link client certificate. */
    public static LeafSpec gateway(String id) {
        return new LeafSpec(Role.GATEWAY, "CTI gateway " + id, Set.of(), Set.of(),
                Identities.of(Role.GATEWAY, id));
    }

    /** The HTTPS listener, valid for the loopback names and {@code hosts} (what browsers and seats type). */
    public static LeafSpec httpsServer(Collection<String> hosts) {
        return withHosts(Role.HTTPS_SERVER, "CTI supervisor server", hosts, Optional.empty());
    }

    /**
     * The gateway's SIP over TLS certificate, valid for the loopback names and {@code hosts} (the SIP host and domain,
     * what phones and trunks dial).
     */
    public static LeafSpec sipServer(Collection<String> hosts) {
        return withHosts(Role.SIP_SERVER, "CTI SIP gateway", hosts, Optional.empty());
    }

    /** The server as a client of gateways' admin listeners (recordings over mutual TLS; a later task). */
    public static LeafSpec serverClient() {
        return new LeafSpec(Role.SERVER_CLIENT, "CTI supervisor server (client)", Set.of(), Set.of(),
                Identities.of(Role.SERVER_CLIENT, null));
    }

    private static LeafSpec withHosts(Role role, String cn, Collection<String> hosts, Optional<String> uri) {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        for (String h : hosts) {
            String host = h.strip();
            if (host.isEmpty() || isWildcard(host)) {
                continue;
            }
            if (isIpLiteral(host)) {
                ips.add(normalizeIp(host));
            } else {
                dns.add(host.toLowerCase(Locale.ROOT));
            }
        }
        return new LeafSpec(role, cn, dns, ips, uri);
    }

    /** 0.0.0.0 and :: (every address): not a name a certificate can carry. */
    public static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** A literal IPv4 or IPv6 address (no name lookup). */
    public static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    static String normalizeIp(String literal) {
        String s = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1)
                : literal;
        try {
            return InetAddress.getByName(s).getHostAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal);
        }
    }

    /**
     * Whether {@code cert} carries at least these names, this identity and this role's key usage. (Extra names
     * are fine: a certificate made for more is still good for these.)
     */
    public boolean covers(X509Certificate cert) {
        Set<String> dns = new LinkedHashSet<>();
        Set<String> ips = new LinkedHashSet<>();
        Set<String> uris = new LinkedHashSet<>();
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> n : names) {
                    int type = (Integer) n.get(0);
                    String value = String.valueOf(n.get(1));
                    switch (type) {
                        case SAN_DNS -> dns.add(value.toLowerCase(Locale.ROOT));
                        case SAN_IP -> ips.add(normalizeIp(value));
                        case SAN_URI -> uris.add(value);
                        default -> { }
                    }
                }
            }
            List<String> eku = cert.getExtendedKeyUsage();
            boolean usage = eku != null && (!role.serverAuth() || eku.contains("1.3.6.1.5.5.7.3.1"))
                    && (!role.clientAuth() || eku.contains("1.3.6.1.5.5.7.3.2"));
            return usage && dns.containsAll(dnsNames) && ips.containsAll(ipAddresses)
                    && identityUri.map(uris::contains).orElse(true);
        } catch (CertificateParsingException | RuntimeException e) {
            return false;
        }
    }
}
