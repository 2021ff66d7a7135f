package dev.cti.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identity URIs CTI certificates carry in their subjectAltName, and reading them back from a peer's
 * certificate. One place, so the issuer and the checker cannot disagree.
 *
 * <ul>
 *   <li>{@code urn:cti:link-server}: the server's end of the CTI link;</li>
 *   <li>{@code urn:cti:gateway:<gatewayId>}: a gateway; the id must equal the {@code Hello.gatewayId} the
 *       gateway sends, or the server refuses the connection;</li>
 *   <li>{@code urn:cti:server}: the server as a client of a gateway (recordings, a later task).</li>
 * </ul>
 */
public final class Identities {
    public static final String LINK_SERVER = "urn:cti:link-server";
    public static final String GATEWAY_PREFIX = "urn:cti:gateway:";
    public static final String SERVER_CLIENT = "urn:cti:server";

    /** Gateway ids that may be put in a certificate: letters, digits, dot, dash, underscore; 1..64. */
    public static final Pattern GATEWAY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final int SAN_URI = 6;

    private Identities() {}

    /** The identity URI of gateway {@code id}. */
    public static String gateway(String id) {
        if (!GATEWAY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a gateway id for a certificate is 1-64 of A-Z a-z 0-9 . _ -, got '"
                    + (id.length() > 64 ? id.substring(0, 64) + "..." : id) + "'");
        }
        return GATEWAY_PREFIX + id;
    }

    /** The identity URI of a role; {@code gatewayId} is used for {@link Role#GATEWAY} only. */
    public static Optional<String> of(Role role, String gatewayId) {
        return switch (role) {
            case LINK_SERVER -> Optional.of(LINK_SERVER);
            case GATEWAY -> Optional.of(gateway(gatewayId));
            case SERVER_CLIENT -> Optional.of(SERVER_CLIENT);
            case HTTPS_SERVER, SIP_SERVER -> Optional.empty();
        };
    }

    /** Every subjectAltName URI of the certificate. */
    public static List<String> uris(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return out;
        }
        if (names == null) {
            return out;
        }
        for (List<?> n : names) {
            if (n.size() >= 2 && n.get(0) instanceof Integer type && type == SAN_URI && n.get(1) instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The gateway id a certificate was issued for: its one {@code urn:cti:gateway:} URI, if it also has the
     * clientAuth extended key usage. Empty for any other certificate (no such URI, two of them, wrong usage).
     */
    public static Optional<String> gatewayId(X509Certificate cert) {
        List<String> ids = uris(cert).stream().filter(u -> u.startsWith(GATEWAY_PREFIX))
                .map(u -> u.substring(GATEWAY_PREFIX.length())).toList();
        if (ids.size() != 1 || !GATEWAY_ID.matcher(ids.get(0)).matches() || !hasUsage(cert, Role.GATEWAY)) {
            return Optional.empty();
        }
        return Optional.of(ids.get(0));
    }

    /** Whether the certificate is a link-server certificate (its URI and the serverAuth usage). */
    public static boolean isLinkServer(X509Certificate cert) {
        return uris(cert).contains(LINK_SERVER) && hasUsage(cert, Role.LINK_SERVER);
    }

    private static boolean hasUsage(X509Certificate cert, Role role) {
        List<String> eku;
        try {
            eku = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (eku == null) {
            return false;
        }
        return (!role.serverAuth() || eku.contains("1.3.6.1.5.5.7.3.1"))
                && (!role.clientAuth() || eku.contains("1.3.6.1.5.5.7.3.2"));
    }
}
