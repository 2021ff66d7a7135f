package dev.cti.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.launcher.ComponentFsm.State;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor with real processes (sh, sleep): a component that dies is started again after a growing back-off,
 * counted in the status file, while the other goes on untouched; stop() stops them in reverse order with SIGTERM and
 * kills one that does not stop within its timeout.
 */
class SupervisorTest {
    @TempDir
    Path dir;

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final List<Process> started = new ArrayList<>();
    private Supervisor supervisor;

    @AfterEach
    void tearDown() {
        started.forEach(Process::destroyForcibly);
        loop.shutdownNow();
    }

    private Supervisor supervisor(List<Supervisor.Spec> specs) {
        supervisor = new Supervisor(specs, loop, Clock.systemUTC(), command -> {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            synchronized (started) {
                started.add(p);
            }
            return p;
        }, new StatusFile(dir.resolve("run/supervisor.status")), new PrintStream(said, true, StandardCharsets.UTF_8),
                Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(30));
        return supervisor;
    }

    private static Supervisor.Spec spec(String name, String script, int stopSeconds) {
        return new Supervisor.Spec(name, List.of("sh", "-c", script), Duration.ofSeconds(stopSeconds));
    }

    private String said() {
        return said.toString(StandardCharsets.UTF_8);
    }

    private Supervisor.Status status(String name) {
        return supervisor.statuses().join().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aComponentThatDiesIsStartedAgainWithBackoffAndTheOtherGoesOn() throws Exception {
        supervisor(List.of(spec("server", "sleep 0.2; exit 3", 5), spec("gateway", "exec sleep 60", 5))).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> status("gateway").state() == State.RUNNING);
        long gatewayPid = status("gateway").pid();

        await().atMost(Duration.ofSeconds(10)).until(() -> status("server").restarts() >= 3);
        assertThat(status("server").lastExit()).isEqualTo("status 3");
        assertThat(status("gateway").pid()).as("the gateway was never touched").isEqualTo(gatewayPid);
        assertThat(status("gateway").restarts()).isZero();
        assertThat(said()).contains("cti: server exited (status 3) after")
                .contains("starting it again in 0.1 s (restart 1)")
                .contains("starting it again in 0.2 s (restart 2)")
                .contains("starting it again in 0.4 s (restart 3)")
                .contains("cti: server restarted (restart 1)");

        StatusFile file = new StatusFile(dir.resolve("run/supervisor.status"));
        await().atMost(Duration.ofSeconds(5)).until(() -> Integer.parseInt(file.read().get("server.restarts")) >= 3);
        assertThat(file.read()).containsEntry("gateway.state", "RUNNING")
                .containsEntry("gateway.pid", Long.toString(gatewayPid))
                .containsEntry("supervisor.pid", Long.toString(ProcessHandle.current().pid()));
        assertThat(file.pid("gateway")).contains(gatewayPid);
        supervisor.stop().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aKilledComponentIsRestartedAndItsExitIsNamed() throws Exception {
        supervisor(List.of(spec("server", "exec sleep 60", 5))).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> status("server").state() == State.RUNNING);
        long first = status("server").pid();
        new ProcessBuilder("kill", "-9", Long.toString(first)).start().waitFor();
        await().atMost(Duration.ofSeconds(5)).until(() -> status("server").restarts() == 1
                && status("server").state() == State.RUNNING);
        assertThat(status("server").pid()).isNotEqualTo(first);
        assertThat(status("server").lastExit()).isEqualTo("status 137, SIGKILL");
        supervisor.stop().get(10, TimeUnit.SECONDS);
    }

    @Test
    void stopStopsInReverseOrderAndKillsOneThatDoesNotStopInTime() throws Exception {
        supervisor(List.of(spec("server", "exec sleep 60", 5),
                spec("gateway", "trap 'echo draining' TERM; while :; do sleep 0.1; done", 1))).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> status("server").state() == State.RUNNING
                && status("gateway").state() == State.RUNNING);
        long start = System.nanoTime();
        supervisor.stop().get(15, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        String out = said();
        assertThat(out.indexOf("stopping gateway")).isLessThan(out.indexOf("stopping server")).isNotNegative();
        assertThat(out).contains("gateway did not stop within 1 s: killed").contains("server stopped (status 143, SIGTERM)")
                .endsWith("cti: stopped\n");
        assertThat(status("server").state()).isEqualTo(State.STOPPED);
        assertThat(status("gateway").restarts()).as("not restarted while stopping").isZero();
        assertThat(new StatusFile(dir.resolve("run/supervisor.status")).read()).containsEntry("gateway.state", "STOPPED");
    }

    @Test
    void aCommandThatCannotStartIsRetriedNotFatal() throws Exception {
        supervisor(List.of(new Supervisor.Spec("ghost", List.of(dir.resolve("no-such-program").toString()),
                Duration.ofSeconds(1)))).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> status("ghost").restarts() >= 2);
        assertThat(said()).contains("ghost: cannot start");
        supervisor.stop().get(5, TimeUnit.SECONDS);
        assertThat(status("ghost").state()).isEqualTo(State.STOPPED);
    }

    @Test
    void exitStatusesInWords() {
        assertThat(Supervisor.describe(0)).isEqualTo("status 0");
        assertThat(Supervisor.describe(137)).isEqualTo("status 137, SIGKILL");
        assertThat(Supervisor.describe(143)).isEqualTo("status 143, SIGTERM");
        assertThat(Supervisor.describe(-1)).isEqualTo("did not start");
    }
}
