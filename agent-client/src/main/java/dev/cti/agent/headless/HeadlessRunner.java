package dev.cti.agent.headless;

import dev.cti.agent.AgentSeat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs a seat from line commands (stdin and, optionally, the control port) and reports on {@link EventOutput}. A
 * {@code quit} from any source, or the end of stdin, stops it. Lines from one source run one at a time, in order. Command results go to stdout, and to the control
 * client that sent the command.
 */
public final class HeadlessRunner {
    private final AgentSeat seat;
    private final EventOutput output;
    private final CountDownLatch quit = new CountDownLatch(1);

    public HeadlessRunner(AgentSeat seat, EventOutput output) {
        this.seat = seat;
        this.output = output;
    }

    /** Runs one line; the answer goes to stdout and to {@code reply} (a control client) if given. */
    public CompletableFuture<Void> onLine(String line, Consumer<String> reply) {
        return seat.execute(line).thenAccept(result -> {
            if (reply == null) output.accept(result);
            else reply.accept(result.encode());
            if ("ok".equals(result.getString("event")) && "quit".equals(result.getString("command"))) quit.countDown();
        });
    }

    /** Reads commands from {@code in} on a daemon thread; its end means quit unless {@code keepOnEof}. */
    public void readFrom(InputStream in, boolean keepOnEof) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) onLine(line, null).join(); // one at a time, in order
                }
            } catch (IOException ignored) {
                // treated as end of input
            }
            if (!keepOnEof) quit.countDown();
        }, "stdin-commands");
        t.setDaemon(true);
        t.start();
    }

    public void awaitQuit() throws InterruptedException {
        quit.await();
    }

    public void quit() {
        quit.countDown();
    }
}
