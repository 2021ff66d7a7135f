package dev.cti.launcher;

import dev.cti.config.ConfigException;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The supervisor's command line, run by {@code bin/cti}:
 *
 * <pre>
 * SuperviseMain up --config DIR --component NAME STOP CMD... --end [--component ...]
 *     runs the components under a {@link Supervisor} until SIGTERM / Ctrl-C; STOP is seconds, or {@code drain+N}
 *     for the gateway's network.gatewayAdmin.drainTimeoutSeconds plus N
 * SuperviseMain status --config DIR          prints the status file (exit 1 when no supervisor runs)
 * SuperviseMain restart NAME --config DIR    SIGTERM to one component: it stops (the gateway drains) and the
 *                                            supervisor starts it again
 * </pre>
 *
 * The status file is {@code storage.dataDir/run/supervisor.status}. Children run in their own session
 * ({@code setsid}) so that a terminal's Ctrl-C reaches only the supervisor, which then stops them in order.
 */
public final class SuperviseMain {
    static final Duration BACKOFF_MIN = Duration.ofSeconds(1);
    static final Duration BACKOFF_MAX = Duration.ofSeconds(60);
    static final Duration STABLE_AFTER = Duration.ofSeconds(60);

    private SuperviseMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        String command = args[0];
        Path configDir = Path.of("conf");
        String target = null;
        List<Supervisor.Spec> specs = new ArrayList<>();
        List<String[]> rawSpecs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configDir = Path.of(need(args, ++i));
                case "--component" -> {
                    String name = need(args, ++i);
                    String stop = need(args, ++i);
                    List<String> cmd = new ArrayList<>();
                    while (++i < args.length && !args[i].equals("--end")) {
                        cmd.add(args[i]);
                    }
                    List<String> spec = new ArrayList<>(List.of(name, stop));
                    spec.addAll(cmd);
                    rawSpecs.add(spec.toArray(String[]::new));
                }
                default -> {
                    if (target == null && !args[i].startsWith("-")) {
                        target = args[i];
                    } else {
                        die("unknown argument " + args[i], 64);
                    }
                }
            }
        }
        CtiConfig config;
        try {
            config = ConfigLoader.load(configDir);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StatusFile status = new StatusFile(statusPath(config));
        switch (command) {
            case "up" -> {
                for (String[] raw : rawSpecs) {
                    specs.add(new Supervisor.Spec(raw[0], List.of(raw).subList(2, raw.length),
                            stopTimeout(raw[1], config)));
                }
                up(specs, status);
            }
            case "status" -> System.exit(printStatus(status));
            case "restart" -> System.exit(restart(target, status));
            default -> usage();
        }
    }

    /** Where the status file of a configuration is. */
    public static Path statusPath(CtiConfig config) {
        return Path.of(config.storage().dataDir(), "run", "supervisor.status");
    }

    static Duration stopTimeout(String spec, CtiConfig config) {
        try {
            if (spec.startsWith("drain+")) {
                return Duration.ofSeconds(config.network().gatewayAdmin().drainTimeoutSeconds()
                        + Long.parseLong(spec.substring("drain+".length())));
            }
            return Duration.ofSeconds(Long.parseLong(spec));
        } catch (NumberFormatException e) {
            die("bad stop timeout '" + spec + "': seconds, or drain+SECONDS", 64);
            return Duration.ZERO;
        }
    }

    private static void up(List<Supervisor.Spec> specs, StatusFile status) throws Exception {
        if (specs.isEmpty()) {
            die("nothing to supervise", 1);
        }
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "supervisor");
            t.setDaemon(true);
            return t;
        });
        Supervisor supervisor = new Supervisor(specs, loop, Clock.systemUTC(), SuperviseMain::launch, status,
                System.err, BACKOFF_MIN, BACKOFF_MAX, STABLE_AFTER);
        // SIGTERM / Ctrl-C: stop every component in order (the gateway drains first) before this process exits
        // exit status 0 then, not the JVM's 143 for a SIGTERM: stopping on request is a clean end
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            supervisor.stop().join();
            Runtime.getRuntime().halt(0);
        }, "supervisor-stop"));
        supervisor.start();
        System.err.println("cti: supervising " + specs.stream().map(Supervisor.Spec::name).toList()
                + ": a component that exits is started again (status: " + status.path() + ")");
        supervisor.stopped().join();
    }

    /** The real launcher: the child inherits our output, in its own session when setsid is there. */
    static Process launch(List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>();
        Optional<String> setsid = List.of("/usr/bin/setsid", "/bin/setsid").stream()
                .filter(p -> new File(p).canExecute()).findFirst();
        setsid.ifPresent(cmd::add);
        cmd.addAll(command);
        return new ProcessBuilder(cmd).inheritIO().start();
    }

    static int printStatus(StatusFile status) throws IOException {
        Map<String, String> facts = status.read();
        long pid = Long.parseLong(facts.getOrDefault("supervisor.pid", "0"));
        boolean alive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
            System.out.println("cti: no supervisor running for this configuration (" + status.path() + ")");
            return 1;
        }
        System.out.printf("%-20s %-12s %-8s %-9s %-28s %s%n", "component", "state", "pid", "restarts", "last exit",
                "since");
        facts.keySet().stream().filter(k -> k.endsWith(".state")).map(k -> k.substring(0, k.length() - 6))
                .forEach(n -> System.out.printf("%-20s %-12s %-8s %-9s %-28s %s%n", n, facts.get(n + ".state"),
                        facts.get(n + ".pid"), facts.get(n + ".restarts"), facts.get(n + ".lastExit"),
                        facts.get(n + ".since")));
        return 0;
    }

    static int restart(String component, StatusFile status) throws IOException {
        if (component == null) {
            die("restart what? (sip-gateway, supervisor-server)", 64);
        }
        String name = switch (component) {
            case "gateway" -> "sip-gateway";
            case "server" -> "supervisor-server";
            default -> component;
        };
        Optional<ProcessHandle> p = status.pid(name).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (p.isEmpty()) {
            System.err.println("cti: " + name + " is not running under a supervisor of this configuration ("
                    + status.path() + ")");
            return 1;
        }
        p.get().destroy();
        System.err.println("cti: sent SIGTERM to " + name + " (pid " + p.get().pid() + ")"
                + (name.equals("sip-gateway") ? ": it drains (new calls 503, calls in progress go on), exits, " : ": ")
                + "and the supervisor starts it again");
        return 0;
    }

    private static String need(String[] args, int i) {
        if (i >= args.length) {
            die(args[i - 1] + " needs a value", 64);
        }
        return args[i];
    }

    private static void usage() {
        die("usage: SuperviseMain up|status|restart NAME --config DIR [--component NAME STOP CMD... --end]...", 64);
    }

    private static void die(String message, int code) {
        System.err.println("cti: " + message);
        System.exit(code);
    }
}
