package dev.cti.agent.demo;

import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.config.AgentConfig;
import dev.cti.config.ConfigException;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.TrunkConfig;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code bin/cti demo}: a call center that works by itself, on top of the stack {@code bin/cti up} starts. Seats N
 * headless agents in this JVM ({@link DemoAgent}: answer after one to three rings, hold sometimes, wrap up with a
 * code) and places customer calls into the queues through the gateway over real SIP and RTP
 * ({@link CallerGenerator}), then prints where to watch (the wallboard) and how to join with a real softphone.
 * One agent (1003) is left free for that softphone. Stops on Ctrl-C / SIGTERM. Exit status: 1 when the stack does not
 * come up or nothing can be seated, 2 for a bad configuration, 64 for a bad flag.
 */
public final class DemoMain {
    /** The agent left for a person with a real softphone (the README's example). */
    static final String HUMAN_AGENT = "1003";
    private static final Duration STACK_WAIT = Duration.ofSeconds(120);

    private DemoMain() {}

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.print(DemoOptions.USAGE);
            return;
        }
        DemoOptions o;
        try {
            o = DemoOptions.parse(args);
        } catch (DemoOptions.UsageException e) {
            System.err.println("cti demo: " + e.getMessage());
            System.err.print(DemoOptions.USAGE);
            System.exit(64);
            return;
        }
        CtiConfig config;
        try {
            config = ConfigLoader.load(o.configDir());
        } catch (ConfigException e) {
            System.err.println("cti demo: configuration " + o.configDir() + " is not valid:\n" + e.getMessage());
            System.exit(2);
            return;
        }
        int status = run(o, config, System.out);
        if (status != 0) System.exit(status);
    }

    static int run(DemoOptions o, CtiConfig config, PrintStream out) throws Exception {
        Output say = new Output(out);
        // seats that take queue calls and log in as themselves: not a supervisor's own seat (no skills, worked by
        // the supervisor's user) and not the one kept for a person
        List<AgentConfig> agents = config.agents().stream()
                .filter(a -> !a.id().equals(HUMAN_AGENT)
                        && config.queues().stream().anyMatch(q -> q.accepts(a.skills()))
                        && config.users().stream().anyMatch(u -> u.username().equals(a.id())))
                .toList();
        if (o.agents() > agents.size()) {
            say.line("--agents " + o.agents() + ": only " + agents.size() + " agents who serve a queue and have their"
                    + " own login are configured besides " + HUMAN_AGENT + " (kept for a real softphone)");
            return 64;
        }
        List<AgentConfig> chosen = spreadOverQueues(agents, config.queues()).subList(0, o.agents());
        Optional<String> trunkHost = localTrunkAddress(config);
        if (trunkHost.isEmpty()) {
            say.line("the demo calls in as the PBX, so a trunk's host or allowFrom must be this machine; "
                    + "trunks: " + config.trunks().stream().map(TrunkConfig::host).toList());
            return 1;
        }
        NetworkConfig net = config.network();
        String serverUrl = "http://" + net.server().host() + ":" + net.server().httpPort();
        String gatewayHealth = "http://" + net.gatewayAdmin().host() + ":" + net.gatewayAdmin().httpPort() + "/health";
        say.line("waiting for the server (" + serverUrl + ") and the gateway (" + gatewayHealth + ") ...");
        if (!awaitHealthy(serverUrl + "/api/health") || !awaitHealthy(gatewayHealth)) {
            say.line("the stack did not come up within " + STACK_WAIT.toSeconds() + " s; is bin/cti up running on "
                    + o.configDir() + "?");
            return 1;
        }

        Clock clock = Clock.systemUTC();
        Random random = new Random();
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, daemon("demo-media"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("demo"));
        List<AgentSeat> seats = new ArrayList<>();
        // callers dial only queues one of the seated agents can serve: a call nobody can take only abandons
        List<QueueConfig> served = config.queues().stream()
                .filter(q -> chosen.stream().anyMatch(a -> q.accepts(a.skills())))
                .toList();
        CallerGenerator callers = new CallerGenerator(config, served, trunkHost.get(), clock, scheduler, ticker,
                random, say::line);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say.line("stopping: hanging up the demo callers, logging the agents out");
            callers.close();
            for (AgentSeat s : seats) {
                try {
                    s.execute("hangup").get(2, TimeUnit.SECONDS);
                    s.execute("logout").get(3, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // best effort: the server logs them out when their session ends anyway
                }
                s.close();
            }
            scheduler.shutdownNow();
            ticker.shutdownNow();
            try {
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // exiting
            }
            say.line("stopped");
            stopped.countDown();
        }, "demo-stop"));

        for (int i = 0; i < chosen.size(); i++) {
            AgentConfig a = chosen.get(i);
            DemoAgent behaviour = new DemoAgent(a.id(), config, scheduler, random, say::line);
            PhoneSettings phone = new PhoneSettings(a.extension(), a.sipPassword(), net.sip().domain(), net.sip().host(),
                    net.sip().udpPort(), trunkHost.get(), 300);
            AgentSeat seat = new AgentSeat(new AgentSeat.Settings(a.id(), phone, URI.create(serverUrl), a.id(),
                    "demo-" + a.id(), -1, new AudioSpec("tone:" + (600 + 40 * i), "discard")), vertx, ticker, clock,
                    behaviour);
            behaviour.attach(seat);
            try {
                seat.start().get(30, TimeUnit.SECONDS);
                seats.add(seat);
                say.line("agent " + a.id() + " " + a.name() + " seated (extension " + a.extension() + ")");
            } catch (Exception e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                say.line("agent " + a.id() + " could not start: " + c.getMessage()
                        + " (the demo logs in with the demo passwords demo-<id> of conf/people.yaml)");
                seat.close();
            }
        }
        if (seats.isEmpty()) {
            say.line("no agent could be seated");
            return 1;
        }
        callers.start(o.calls(), o.callEvery());

        AgentConfig human = config.agent(HUMAN_AGENT).orElse(null);
        String queues = served.stream().map(q -> String.join("/", q.numbers()) + " (" + q.id() + ")")
                .collect(Collectors.joining(", "));
        say.line("running: " + seats.size() + " agents, a call about every " + o.callEvery() + " s into " + queues
                + (o.calls() > 0 ? ", " + o.calls() + " calls in all" : ""));
        say.line("wallboard: open " + serverUrl + "/wallboard/ and log in as supervisor / demo-supervisor");
        say.line("QA console (质检台): open " + serverUrl + "/qa/ and log in as inspector / demo-inspector: the calls' "
                + "recordings, timelines and evaluations");
        if (human != null) {
            say.line("join with a real softphone: SIP user " + human.extension() + ", password " + human.sipPassword()
                    + ", registrar and proxy " + net.sip().host() + ":" + net.sip().udpPort() + " (UDP), domain "
                    + net.sip().domain() + "; then `bin/cti agent --id " + human.id()
                    + "` (password demo-" + human.id() + ") for the desktop, or log in to the API as " + human.id());
        }
        say.line("Ctrl-C stops everything");
        stopped.await();
        return 0;
    }

    /**
     * The candidates reordered so that the first few cover every queue: in rounds, the first agent left that can
     * serve each queue in turn (then any who serve none, last). With {@code --agents 2} on the shipped configuration that
     * is a service agent and a sales agent, not two of the service team.
     */
    static List<AgentConfig> spreadOverQueues(List<AgentConfig> candidates, List<QueueConfig> queues) {
        List<AgentConfig> order = new ArrayList<>();
        List<AgentConfig> left = new ArrayList<>(candidates);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (QueueConfig q : queues) {
                Optional<AgentConfig> next = left.stream().filter(a -> q.accepts(a.skills())).findFirst();
                if (next.isPresent()) {
                    order.add(next.get());
                    left.remove(next.get());
                    progress = true;
                }
            }
        }
        order.addAll(left);
        return List.copyOf(order);
    }

    /** The trunk address the generator sends from: the first trunk host or allowFrom entry that is this machine. */
    static Optional<String> localTrunkAddress(CtiConfig config) {
        for (TrunkConfig t : config.trunks()) {
            List<String> candidates = new ArrayList<>();
            candidates.add(t.host());
            candidates.addAll(t.allowFrom());
            for (String c : candidates) {
                try {
                    InetAddress a = InetAddress.getByName(c);
                    if (a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null) return Optional.of(c);
                } catch (Exception ignored) {
                    // not resolvable here: not ours
                }
            }
        }
        return Optional.empty();
    }

    private static boolean awaitHealthy(String url) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant until = Instant.now().plus(STACK_WAIT);
        while (Instant.now().isBefore(until)) {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return true;
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One line per thing that happened, prefixed, whole lines only. */
    private record Output(PrintStream out) {
        synchronized void line(String text) {
            out.println("demo: " + text);
            out.flush();
        }
    }
}
