package dev.cti.it.stack;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A copy of the shipped {@code conf/} (and {@code prompts/}, which queues.yaml points at) in a test directory, every
 * listener moved to a free loopback port and the database into the directory, so a test runs anywhere and in
 * parallel with anything.
 */
public final class ConfCopy {
    private ConfCopy() {}

    public static Path repoRoot() {
        return Path.of(System.getProperty("cti.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** Copies and edits; returns the conf directory ({@code dir/conf}). */
    public static Path create(Path dir, Map<String, String> queueEdits) throws IOException {
        return create(dir, queueEdits, Map.of());
    }

    /** Same, with text replacements in {@code site.yaml} too (after the ports and the data directory are moved). */
    public static Path create(Path dir, Map<String, String> queueEdits, Map<String, String> siteEdits)
            throws IOException {
        return create(dir, queueEdits, siteEdits, Map.of());
    }

    /** Same, with text replacements in {@code menus.yaml} too. */
    public static Path create(Path dir, Map<String, String> queueEdits, Map<String, String> siteEdits,
                              Map<String, String> menuEdits) throws IOException {
        Path conf = dir.resolve("conf");
        copy(repoRoot().resolve("conf"), conf);
        copy(repoRoot().resolve("prompts"), dir.resolve("prompts"));
        int sip = freeUdpAndTcp();
        int rtp = 30000 + 2 * ThreadLocalRandom.current().nextInt(8000);
        edit(conf.resolve("site.yaml"), Map.of(
                "httpPort: 8080", "httpPort: " + freeTcp(),
                "port: 8443", "port: " + freeTcp(),
                "httpPort: 8081", "httpPort: " + freeTcp(),
                "port: 7070", "port: " + freeTcp(),
                "udpPort: 5060", "udpPort: " + sip,
                "tcpPort: 5060", "tcpPort: " + sip,
                "portMin: 20000", "portMin: " + rtp,
                "portMax: 29999", "portMax: " + (rtp + 999),
                "port: 5070", "port: " + freeUdpAndTcp(),
                "dataDir: data", "dataDir: " + dir.resolve("data")));
        // SIP over TLS on a free port too (the trailing space: never a port 50610..50619 written above)
        edit(conf.resolve("site.yaml"), Map.of("      port: 5061 ", "      port: " + freeTcp() + " "));
        // and SIP over WebSocket (the desk page's phone), the same way
        edit(conf.resolve("site.yaml"), Map.of("      port: 5066 ", "      port: " + freeTcp() + " ",
                "      wssPort: 7443 ", "      wssPort: " + freeTcp() + " "));
        edit(conf.resolve("site.yaml"), siteEdits);
        edit(conf.resolve("queues.yaml"), queueEdits);
        edit(conf.resolve("menus.yaml"), menuEdits);
        return conf;
    }

    private static void edit(Path file, Map<String, String> replacements) throws IOException {
        String text = Files.readString(file);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            if (!text.contains(r.getKey())) {
                throw new IllegalStateException(file + " no longer contains '" + r.getKey() + "'");
            }
            text = text.replace(r.getKey(), r.getValue());
        }
        Files.writeString(file, text);
    }

    public static int freeTcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static int freeUdpAndTcp() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = freeTcp();
            try (DatagramSocket d = new DatagramSocket(p)) {
                return p;
            } catch (IOException e) {
                // taken on UDP: try another
            }
        }
        throw new IOException("no port free on both UDP and TCP");
    }

    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path src : s.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                }
            }
        }
    }
}
