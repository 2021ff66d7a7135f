package dev.cti.server.cluster;

import dev.cti.config.CtiConfig;
import dev.cti.server.ServerMain;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server node with storage.failover on (docs/CLUSTER.md): it makes its {@link ServerMain.Base} (keys, Vert.x, the
 * open store), stands by until it holds the owner lock, then starts the rest of the server as {@link ServerMain#start}
 * does, fenced by its epoch. A standby serves nothing but 503s ({@link StandbyHealth}): it has no state to serve; a
 * load balancer's health check ({@code GET /api/health}) finds the owner.
 */
public final class FailoverNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverNode.class);

    private final OwnerLock lock;
    private final CompletableFuture<ServerMain.Running> running = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean closed;

    private FailoverNode(CtiConfig config, Clock clock, Runnable onLost) {
        this.lock = new OwnerLock(config.storage());
        this.thread = new Thread(() -> run(config, clock, onLost), "cti-failover-" + lock.nodeId());
        thread.setDaemon(true);
    }

    /**
     * Starts standing by on a thread of its own; {@link #running()} completes when this node owns the call center and
     * its server has started.
     *
     * @param onLost what the node does when it finds it lost the lock (production: {@link #halt})
     */
    public static FailoverNode start(CtiConfig config, Clock clock, Runnable onLost) {
        FailoverNode node = new FailoverNode(config, clock, onLost);
        node.thread.start();
        return node;
    }

    /** {@code ServerMain}'s failover start: stands by, then runs; a node that loses the lock halts. Blocking. */
    public static ServerMain.Running runUntilOwner(CtiConfig config, Clock clock) throws Exception {
        String id = config.storage().failover().nodeId();
        System.out.println("supervisor-server node " + id + ": standing by until it holds the owner lock "
                + "(storage.failover, docs/CLUSTER.md)");
        System.out.flush();
        FailoverNode node = start(config, clock, FailoverNode::halt);
        return node.running().get();
    }

    /** Stops the process at once: a node that is no longer the owner must not go on acting as one. */
    public static void halt() {
        LOG.error("failover: halting this node (exit 70); its service manager starts it again as a standby");
        Runtime.getRuntime().halt(70);
    }

    private void run(CtiConfig config, Clock clock, Runnable onLost) {
        try {
            // warm standby: keys, Vert.x and the store (migrations applied, read-only until the fence) are ready
            // before the lock, so that a takeover starts from there
            ServerMain.Base base = ServerMain.prepare(config, clock, UnaryOperator.identity());
            io.vertx.core.http.HttpServer standby = null;
            try {
                standby = StandbyHealth.listen(base.vertx(), config).toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("failover: node {} cannot answer health checks while it stands by: {}", lock.nodeId(),
                        e.toString());
            }
            boolean owns = lock.acquire(() -> closed);
            if (standby != null) {
                standby.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            if (!owns) {
                base.close();
                running.cancel(false);
                return;
            }
            ServerMain.Running r = ServerMain.start(config, clock, base, Optional.of(new Ownership(lock, onLost)))
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            if (closed) {
                r.close();
                running.cancel(false);
                return;
            }
            running.complete(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.completeExceptionally(e);
        } catch (Exception e) {
            LOG.error("failover: node {} could not start after taking the owner lock", lock.nodeId(), e);
            lock.close();
            running.completeExceptionally(e);
        }
    }

    /** Completes when this node owns the call center and runs. */
    public CompletableFuture<ServerMain.Running> running() {
        return running;
    }

    /** True while the node waits for the lock. */
    public boolean standingBy() {
        return !running.isDone() && !closed;
    }

    /** The owner lock (its epoch, whether it was lost; tests abort its session to stand for a killed process). */
    public OwnerLock lock() {
        return lock;
    }

    /** Stops the server if this node runs it, and releases the lock. Blocking. */
    @Override
    public void close() {
        closed = true;
        ServerMain.Running r = running.isDone() && !running.isCompletedExceptionally() ? running.join() : null;
        if (r != null) {
            r.close();
        }
        lock.close();
        thread.interrupt();
    }
}
