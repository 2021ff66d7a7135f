package dev.cti.pki;

import dev.cti.config.ConfigException;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/cti pki [--config DIR] [--gateway ID]...}: makes the embedded certificates now (what the first
 * start would make), plus one for each {@code --gateway} named, and prints every file with its fingerprint.
 * For a two-host set-up: run it where the CA key is, then copy the CA certificate and the gateway's bundle
 * to the gateway host (docs/SECURITY.md). Exit status 0, 2 on a bad configuration, 1 when material is unusable.
 */
public final class PkiMain {
    private PkiMain() {}

    public static void main(String[] args) {
        Path dir = Path.of("conf");
        List<String> gateways = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> dir = Path.of(value(args, ++i));
                case "--gateway" -> gateways.add(value(args, ++i));
                case "-h", "--help" -> {
                    System.out.println("usage: bin/cti pki [--config DIR] [--gateway ID]...");
                    return;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        CtiConfig config;
        try {
            config = ConfigLoader.load(dir);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            SitePki pki = SitePki.of(config, Clock.systemUTC());
            pki.prepare(SitePki.DEFAULT_GATEWAY_ID);
            for (String g : gateways) {
                pki.gateway(g);
            }
            boolean embeddedLink = config.network().ctiLink().embeddedPki();
            boolean embeddedHttps = config.network().server().https().pem().isEmpty();
            if (embeddedLink || embeddedHttps) {
                EmbeddedPki e = pki.embedded();
                System.out.println("embedded PKI in " + e.dir());
                System.out.println("  CA            " + e.caCertFile() + "  sha256 " + e.trust().fingerprint());
                System.out.println("  CA key        " + (java.nio.file.Files.exists(e.keyFile(EmbeddedPki.CA))
                        ? e.keyFile(EmbeddedPki.CA) + " (keep it here, or off-line: docs/SECURITY.md)"
                        : "not here (off-line): only existing certificates can be used"));
            }
            if (embeddedLink) {
                print(pki.embedded(), "link server", EmbeddedPki.LINK_SERVER, pki.linkServer());
                List<String> all = new ArrayList<>(List.of(SitePki.DEFAULT_GATEWAY_ID));
                gateways.stream().filter(g -> !all.contains(g)).forEach(all::add);
                for (String g : all) {
                    print(pki.embedded(), "gateway " + g, EmbeddedPki.gatewayBundle(g), pki.gateway(g));
                }
            } else {
                System.out.println("CTI link: PEM files configured (network.ctiLink), CA sha256 " + pki.linkTrust().fingerprint());
            }
            Credential https = pki.https();
            System.out.println("  HTTPS         " + (embeddedHttps ? pki.embedded().certFile(EmbeddedPki.HTTPS)
                    : config.network().server().https().pem().get().certFile()) + "  sha256 " + https.fingerprint());
            var sipTls = config.network().sip().tls();
            if (sipTls.enabled()) {
                Credential sip = pki.sipTls();
                System.out.println("  SIP over TLS  " + (sipTls.pem().isEmpty() ? pki.embedded().certFile(EmbeddedPki.SIP_TLS)
                        : sipTls.pem().get().certFile()) + "  sha256 " + sip.fingerprint()
                        + (sipTls.pem().isEmpty() ? "  (phones trust the CA above)" : ""));
            }
        } catch (PkiException | IllegalArgumentException e) {
            System.err.println("cti pki: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void print(EmbeddedPki e, String what, String bundle, Credential c) {
        System.out.printf("  %-13s %s  sha256 %s%n", what, e.certFile(bundle), c.fingerprint());
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String message) {
        System.err.println("cti pki: " + message + " (usage: bin/cti pki [--config DIR] [--gateway ID]...)");
        System.exit(64);
    }
}
