package dev.cti.agent;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Command-line options of {@code bin/cti agent}. Parsed strictly: an unknown flag or a missing value is a usage error
 * with a message naming it.
 *
 * @param autoAnswerMs  -1 when off; {@code --auto-answer} alone means 0
 * @param controlPort   -1 when off; 0 picks a free port (printed in the {@code control-port} event)
 * @param sipExpires    registration lifetime asked for, seconds
 * @param desktopPort   the browser desktop's port when not headless (0: any free port)
 * @param controlTokenFile where the control port's token is written (default {@code ~/.cti/agent-ID.control-token})
 * @param monitorAutoAnswer answer the gateway's Call-Info answer-after=0 calls (supervisor monitoring) at once
 * @param user          the server login; empty means the seat's id (an agent's user name is their seat id; a
 *                      supervisor works their seat, e.g. 9001, with their own user)
 */
public record AgentOptions(String id, Path configDir, Optional<String> server, Optional<String> gateway,
                           Optional<Path> passwordFile, boolean headless, long autoAnswerMs, int controlPort,
                           AudioSpec audio, String bindHost, int sipExpires, boolean noServer, int desktopPort,
                           boolean monitorAutoAnswer, Optional<String> user, Optional<Path> ca,
                           Optional<Path> controlTokenFile) {

    /** A usage mistake; the message is printed with the usage text. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = """
            usage: bin/cti agent --id AGENT_ID [options]
              --config DIR            configuration directory (default conf)
              --server URL            supervisor server: https://HOST:8443 from another machine, http://127.0.0.1:8080
                                      on the server's own (default: network.server, plain HTTP on loopback)
              --ca FILE               PEM CA to trust for an https server (default: the site's generated CA,
                                      storage.dataDir/pki/ca/cert.pem, when it is there; else the JVM's public CAs)
              --no-server             run the softphone only (no login, no agent states)
              --gateway HOST:PORT     SIP gateway (default: network.sip host and udpPort)
              --user NAME             the server login (default: the seat id; a supervisor gives their own user)
              --password-file FILE    the server login password (first line); else it is asked for
              --headless              no desktop: line commands on stdin, JSON events on stdout
              --desktop-port N        without --headless: the desktop page on 127.0.0.1:N (default 0: a free port)
              --auto-answer[=MS]      answer incoming calls (after MS milliseconds, default 0)
              --no-monitor-auto-answer  ring (do not answer at once) on the gateway's answer-after=0 monitor calls
              --control-port N        also take commands on 127.0.0.1:N (0: any free port); a client's first line
                                      must be 'auth TOKEN', the token being in the file the control-port event names
              --control-token-file F  where that token is written, owner-only (default ~/.cti/agent-ID.control-token)
              --audio-in SPEC         tone:HZ | FILE.wav | silence | device (default device, else silence)
              --audio-out SPEC        FILE.wav | discard | device (default device, else discard)
              --bind HOST             local address for SIP and RTP (default 127.0.0.1)
              --sip-expires SECONDS   registration lifetime to ask for (default 300)
              -h, --help              this text
            """;

    public static AgentOptions parse(String[] args) throws UsageException {
        String id = null, user = null, server = null, gateway = null, in = "device", out = "device", bind = "127.0.0.1";
        Path config = Path.of("conf"), passwordFile = null, ca = null, tokenFile = null;
        boolean headless = false, noServer = false, monitorAutoAnswer = true;
        long autoAnswer = -1;
        int controlPort = -1, expires = 300, desktopPort = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            if (a.startsWith("--") && a.contains("=")) {
                inline = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            }
            switch (a) {
                case "--headless" -> headless = true;
                case "--no-server" -> noServer = true;
                case "--no-monitor-auto-answer" -> monitorAutoAnswer = false;
                case "--auto-answer" -> autoAnswer = inline == null ? 0 : number(a, inline, 0, 600_000);
                default -> {
                    String v = inline != null ? inline : (i + 1 < args.length ? args[++i] : null);
                    if (v == null) throw new UsageException(a + " needs a value");
                    switch (a) {
                        case "--id" -> id = v;
                        case "--user" -> user = v;
                        case "--config" -> config = Path.of(v);
                        case "--server" -> server = v;
                        case "--gateway" -> gateway = v;
                        case "--password-file" -> passwordFile = Path.of(v);
                        case "--ca" -> ca = Path.of(v);
                        case "--control-token-file" -> tokenFile = Path.of(v);
                        case "--control-port" -> controlPort = (int) number(a, v, 0, 65535);
                        case "--desktop-port" -> desktopPort = (int) number(a, v, 0, 65535);
                        case "--audio-in" -> in = v;
                        case "--audio-out" -> out = v;
                        case "--bind" -> bind = v;
                        case "--sip-expires" -> expires = (int) number(a, v, 0, 86_400);
                        default -> throw new UsageException("unknown option " + a);
                    }
                }
            }
        }
        if (id == null || id.isBlank()) throw new UsageException("--id AGENT_ID is required");
        if (gateway != null && !gateway.matches("[^:]+:\\d{1,5}")) throw new UsageException("--gateway is HOST:PORT, got " + gateway);
        if (server != null && !server.matches("https?://.+")) throw new UsageException("--server is http(s)://HOST:PORT, got " + server);
        if (ca != null && (server == null || !server.startsWith("https://"))) {
            throw new UsageException("--ca is the CA of an https server: give --server https://HOST:PORT too");
        }
        AudioSpec audio;
        try {
            audio = new AudioSpec(in, out);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new AgentOptions(id, config, Optional.ofNullable(server), Optional.ofNullable(gateway),
                Optional.ofNullable(passwordFile), headless, autoAnswer, controlPort, audio, bind, expires, noServer,
                desktopPort, monitorAutoAnswer, Optional.ofNullable(user), Optional.ofNullable(ca),
                Optional.ofNullable(tokenFile));
    }

    private static long number(String flag, String v, long min, long max) throws UsageException {
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) throw new UsageException(flag + " must be between " + min + " and " + max + ", got " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a number, got '" + v + "'");
        }
    }
}
