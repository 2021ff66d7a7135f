package dev.cti.launcher;

import dev.cti.launcher.ComponentFsm.Event;
import dev.cti.launcher.ComponentFsm.State;
import dev.cti.protocol.statemachine.StateMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What {@code bin/cti up} runs: starts the components in order (the server, then the gateway, then the demo) and keeps
 * them running. A component that exits on its own is started again after a back-off ({@link Backoff}: 1 s doubling to
 * 60 s, back to 1 s after a minute of uptime), each time logged and counted; the others go on (a crashed server does
 * not take the gateway and its calls with it: the gateway buffers its link events and replays them to the new server).
 * {@link #stop} stops them one at a time in reverse order with SIGTERM (the gateway drains, the server stays up
 * meanwhile to hear about the calls' end), each killed if it has not exited within its own stop timeout.
 *
 * <p>Every state change runs on one thread ({@code loop}), so nothing here needs a lock; the state of each component
 * is an explicit machine ({@link ComponentFsm}) and is written to the status file on every change.
 */
public final class Supervisor {

    /** One component to supervise: a name, its command line, how long it may take to stop after SIGTERM. */
    public record Spec(String name, List<String> command, Duration stopTimeout) {
        public Spec {
            Objects.requireNonNull(name, "name");
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException(name + ": empty command");
            }
        }
    }

    /** Starts a process (the real one inherits the supervisor's output; tests may capture it). */
    @FunctionalInterface
    public interface Launcher {
        Process start(List<String> command) throws IOException;
    }

    /** A component's state as the status file shows it. */
    public record Status(String name, State state, long pid, int restarts, String lastExit, Instant since) {}

    private final List<Component> components = new ArrayList<>();
    private final ScheduledExecutorService loop;
    private final Clock clock;
    private final Launcher launcher;
    private final StatusFile statusFile;
    private final PrintStream out;
    private final Duration backoffMin;
    private final Duration backoffMax;
    private final Duration stableAfter;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private boolean stopping;

    /**
     * @param loop   one thread: every state change runs there
     * @param out    where the supervisor says what happens ({@code cti: ...} lines)
     */
    public Supervisor(List<Spec> specs, ScheduledExecutorService loop, Clock clock, Launcher launcher,
                      StatusFile statusFile, PrintStream out, Duration backoffMin, Duration backoffMax,
                      Duration stableAfter) {
        this.loop = loop;
        this.clock = clock;
        this.launcher = launcher;
        this.statusFile = statusFile;
        this.out = out;
        this.backoffMin = backoffMin;
        this.backoffMax = backoffMax;
        this.stableAfter = stableAfter;
        specs.forEach(s -> components.add(new Component(s)));
    }

    /** Starts every component, in order. */
    public void start() {
        loop.execute(() -> {
            for (Component c : components) {
                if (c.fsm.fire(Event.START)) {
                    launch(c);
                }
            }
        });
    }

    /** Stops everything (once); completes when every component has exited. Any thread. */
    public CompletableFuture<Void> stop() {
        loop.execute(() -> {
            if (!stopping) {
                stopping = true;
                say("stopping ...");
                stopNext();
            }
        });
        return stopped;
    }

    /** Completes when the supervisor has stopped every component. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** The components' states now (for tests and the status file). */
    public CompletableFuture<List<Status>> statuses() {
        CompletableFuture<List<Status>> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(snapshot()));
        return f;
    }

    private List<Status> snapshot() {
        List<Status> list = new ArrayList<>();
        for (Component c : components) {
            list.add(new Status(c.spec.name(), c.fsm.state(), c.process == null ? 0 : c.process.pid(), c.restarts,
                    c.lastExit, c.since));
        }
        return list;
    }

    private void launch(Component c) {
        c.startedAt = clock.instant();
        c.since = c.startedAt;
        Process p;
        try {
            p = launcher.start(c.spec.command());
        } catch (IOException | RuntimeException e) {
            say(c.spec.name() + ": cannot start (" + e.getMessage() + ")");
            c.process = null;
            exited(c, null, -1);
            return;
        }
        c.process = p;
        say(c.spec.name() + (c.restarts == 0 ? " started" : " restarted (restart " + c.restarts + ")")
                + " (pid " + p.pid() + ")");
        writeStatus();
        p.onExit().thenAccept(done -> loop.execute(() -> exited(c, done, done.exitValue())));
    }

    private void exited(Component c, Process p, int status) {
        if (p != null && p != c.process) {
            return; // an earlier process of this component
        }
        c.lastExit = describe(status);
        c.since = clock.instant();
        Duration ranFor = Duration.between(c.startedAt, c.since);
        if (c.fsm.is(State.STOPPING)) {
            c.fsm.fire(Event.EXITED);
            if (c.kill != null) {
                c.kill.cancel(false);
            }
            say(c.spec.name() + " stopped (" + c.lastExit + ")");
            writeStatus();
            stopNext();
            return;
        }
        c.fsm.fire(Event.EXITED);
        if (stopping) {
            c.fsm.fire(Event.STOP); // it went by itself while the others stop: not started again
            writeStatus();
            return;
        }
        Duration delay = c.backoff.after(ranFor);
        say(c.spec.name() + " exited (" + c.lastExit + ") after " + seconds(ranFor) + "; starting it again in "
                + seconds(delay) + " (restart " + (c.restarts + 1) + ")");
        writeStatus();
        c.retry = loop.schedule(() -> {
            c.retry = null;
            if (c.fsm.fire(Event.RETRY_DUE)) {
                c.restarts++;
                launch(c);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the last component still running (SIGTERM, then SIGKILL after its timeout); done when none is. */
    private void stopNext() {
        for (int i = components.size() - 1; i >= 0; i--) {
            Component c = components.get(i);
            if (c.fsm.is(State.BACKING_OFF) || c.fsm.is(State.IDLE)) {
                if (c.retry != null) {
                    c.retry.cancel(false);
                    c.retry = null;
                }
                c.fsm.fire(Event.STOP);
            } else if (c.fsm.is(State.RUNNING)) {
                c.fsm.fire(Event.STOP);
                Process p = c.process;
                say("stopping " + c.spec.name() + " (pid " + p.pid() + ", up to " + seconds(c.spec.stopTimeout()) + ")");
                writeStatus();
                p.destroy(); // SIGTERM: the gateway drains, the server closes cleanly
                c.kill = loop.schedule(() -> {
                    if (c.fsm.is(State.STOPPING) && c.process == p) {
                        say(c.spec.name() + " did not stop within " + seconds(c.spec.stopTimeout()) + ": killed");
                        p.destroyForcibly();
                    }
                }, c.spec.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return; // exited() goes on with the next one
            } else if (c.fsm.is(State.STOPPING)) {
                return;
            }
        }
        writeStatus();
        say("stopped");
        stopped.complete(null);
    }

    private void writeStatus() {
        if (statusFile != null) {
            statusFile.write(ProcessHandle.current().pid(), snapshot());
        }
    }

    private void say(String line) {
        out.println("cti: " + line);
        out.flush();
    }

    /** Exit status in words: 137 is "status 137, killed by SIGKILL". */
    static String describe(int status) {
        if (status < 0) {
            return "did not start";
        }
        if (status > 128 && status < 128 + 65) {
            int signal = status - 128;
            String name = switch (signal) {
                case 9 -> "SIGKILL";
                case 15 -> "SIGTERM";
                case 2 -> "SIGINT";
                case 6 -> "SIGABRT";
                case 11 -> "SIGSEGV";
                default -> "signal " + signal;
            };
            return "status " + status + ", " + name;
        }
        return "status " + status;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private final class Component {
        final Spec spec;
        final Backoff backoff = new Backoff(backoffMin, backoffMax, stableAfter);
        final StateMachine<State, Event> fsm;
        Process process;
        Instant startedAt;
        Instant since;
        int restarts;
        String lastExit = "-";
        ScheduledFuture<?> retry;
        ScheduledFuture<?> kill;

        Component(Spec spec) {
            this.spec = spec;
            this.fsm = ComponentFsm.machine((state, event) -> say(spec.name() + ": " + event + " ignored in state "
                    + state));
            this.startedAt = clock.instant();
            this.since = startedAt;
        }
    }
}
