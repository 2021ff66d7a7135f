package dev.cti.agent;

import dev.cti.agent.desktop.DesktopServer;
import dev.cti.agent.headless.ControlPort;
import dev.cti.agent.headless.EventOutput;
import dev.cti.agent.headless.HeadlessRunner;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.config.AgentConfig;
import dev.cti.config.ConfigException;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/cti agent}: one agent seat in one process. Reads the agent (extension, SIP password) and the addresses
 * from the configuration, overridable by flags; the server login password comes from {@code --password-file} or is
 * asked for. Without {@code --headless} the desktop page is served on 127.0.0.1 (its URL is printed as a
 * {@code desktop} event) and the line commands are read from the terminal as well. Exit status: 0 after quit, 2 configuration error, 64 usage error, 1 start failure.
 */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.print(AgentOptions.USAGE);
            return;
        }
        AgentOptions o;
        try {
            o = AgentOptions.parse(args);
        } catch (AgentOptions.UsageException e) {
            System.err.println("cti agent: " + e.getMessage());
            System.err.print(AgentOptions.USAGE);
            System.exit(64);
            return;
        }
        System.exit(run(o));
    }

    static int run(AgentOptions o) {
        CtiConfig config;
        try {
            config = ConfigLoader.load(o.configDir());
        } catch (ConfigException e) {
            System.err.println("cti agent: configuration " + o.configDir() + " is not valid:\n" + e.getMessage());
            return 2;
        }
        AgentConfig agent = config.agent(o.id()).orElse(null);
        if (agent == null) {
            System.err.println("cti agent: no agent with id " + o.id() + " in " + o.configDir().resolve("people.yaml"));
            return 2;
        }
        String gwHost = config.network().sip().host();
        int gwPort = config.network().sip().udpPort();
        if (o.gateway().isPresent()) {
            String[] hp = o.gateway().get().split(":");
            gwHost = hp[0];
            gwPort = Integer.parseInt(hp[1]);
        }
        URI server = null;
        String password = null;
        if (!o.noServer()) {
            server = URI.create(o.server().orElse("http://" + config.network().server().host() + ":"
                    + config.network().server().httpPort()));
            try {
                password = password(o);
            } catch (IOException e) {
                System.err.println("cti agent: " + e.getMessage());
                return 2;
            }
        }
        PhoneSettings phone = new PhoneSettings(agent.extension(), agent.sipPassword(), config.network().sip().domain(),
                gwHost, gwPort, o.bindHost(), o.sipExpires(), o.monitorAutoAnswer());
        AgentSeat.Settings settings = new AgentSeat.Settings(agent.id(), phone, server, o.user().orElse(agent.id()), password,
                o.autoAnswerMs(), o.audio(), serverCa(o, config));

        EventOutput output = new EventOutput(System.out);
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "media-ticker");
            t.setDaemon(true);
            return t;
        });
        AgentSeat seat = null;
        ControlPort control = null;
        DesktopServer desktop = null;
        try {
            seat = new AgentSeat(settings, vertx, ticker, Clock.systemUTC(), output);
            HeadlessRunner runner = new HeadlessRunner(seat, output);
            if (o.controlPort() >= 0) {
                String token = ControlPort.newToken(new java.security.SecureRandom());
                java.nio.file.Path tokenFile = o.controlTokenFile().orElse(java.nio.file.Path.of(
                        System.getProperty("user.home"), ".cti", "agent-" + agent.id() + ".control-token"));
                ControlPort.writeToken(tokenFile, token);
                control = new ControlPort(o.controlPort(), token, runner::onLine, output);
                output.accept(new JsonObject().put("event", "control-port").put("port", control.port())
                        .put("tokenFile", tokenFile.toAbsolutePath().toString()));
            }
            if (!o.headless()) {
                desktop = new DesktopServer(vertx, seat, output, hello(config, agent));
                int port = desktop.start(o.desktopPort()).await(10, TimeUnit.SECONDS);
                output.accept(new JsonObject().put("event", "desktop").put("url", desktop.url()).put("port", port));
            }
            AgentSeat s = seat;
            Runtime.getRuntime().addShutdownHook(new Thread(runner::quit));
            seat.start().whenComplete((v, err) -> {
                if (err != null) {
                    Throwable c = err.getCause() != null ? err.getCause() : err;
                    output.accept(new JsonObject().put("event", "error").put("message", "start: " + c.getMessage()));
                }
            });
            runner.readFrom(System.in, control != null || desktop != null);
            runner.awaitQuit();
            seat = null;
            s.close();
            output.accept(new JsonObject().put("event", "stopped"));
            return 0;
        } catch (Exception e) {
            System.err.println("cti agent: " + e);
            return 1;
        } finally {
            if (control != null) control.close();
            if (desktop != null) desktop.close();
            if (seat != null) seat.close();
            ticker.shutdownNow();
            try {
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // exiting anyway
            }
        }
    }

    /**
     * The CA to trust for an https server: {@code --ca}, else the site's generated CA when this machine has it
     * ({@code storage.dataDir/pki/ca/cert.pem}, the server's own machine or a copy), else none (the JVM's public CAs).
     */
    static java.util.Optional<java.nio.file.Path> serverCa(AgentOptions o, CtiConfig config) {
        if (o.ca().isPresent()) {
            return o.ca();
        }
        java.nio.file.Path generated = java.nio.file.Path.of(config.storage().dataDir(), "pki", "ca", "cert.pem");
        return Files.isRegularFile(generated) ? java.util.Optional.of(generated) : java.util.Optional.empty();
    }

    /** What the desktop page needs from the configuration: reasons, wrap-up codes, ring cadence, in the agent's language. */
    static JsonObject hello(CtiConfig config, AgentConfig agent) {
        String lang = agent.language();
        JsonArray reasons = new JsonArray();
        config.notReadyReasons().forEach(r -> reasons.add(new JsonObject().put("code", r.code())
                .put("label", r.label().byLanguage().getOrDefault(lang, r.code()))));
        JsonArray codes = new JsonArray();
        config.wrapUpCodes().forEach(w -> codes.add(new JsonObject().put("code", w.code())
                .put("label", w.label().byLanguage().getOrDefault(lang, w.code())).put("category", w.category().name())));
        return new JsonObject().put("agent", agent.id()).put("name", agent.name()).put("reasons", reasons)
                .put("wrapUpCodes", codes).put("ringCadenceSeconds", config.compliance().ringCadenceSeconds());
    }

    private static String password(AgentOptions o) throws IOException {
        if (o.passwordFile().isPresent()) {
            String first = Files.readString(o.passwordFile().get(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (first.isBlank()) throw new IOException("password file " + o.passwordFile().get() + " is empty");
            return first.strip();
        }
        Console console = System.console();
        if (console == null) {
            throw new IOException("no terminal to ask for the password: give --password-file FILE (or --no-server)");
        }
        char[] pw = console.readPassword("password for %s: ", o.user().orElse(o.id()));
        if (pw == null || pw.length == 0) throw new IOException("no password given");
        return new String(pw);
    }
}
