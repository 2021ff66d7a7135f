package dev.cti.gateway.media.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an event loop hands over reaches the writers in one task per delay, in order; other threads' at once. */
class ChunkHandOffTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final Executor countingWriters = task -> {
        wakeUps.incrementAndGet();
        writer.execute(task);
    };
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        writer.shutdownNow();
    }

    @Test
    void whatALoopHandsOverGoesToTheWritersInOneTaskInOrder() throws Exception {
        Executor onLoop = new ChunkHandOff(countingWriters, 50).on(loop);
        loop.submit(() -> {
            for (int i = 0; i < 5; i++) {
                int n = i;
                onLoop.execute(() -> ran.add("chunk " + n + " on " + Thread.currentThread().getName()));
            }
        }).sync();
        assertThat(wakeUps.get()).as("nothing before the delay").isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 5);
        assertThat(wakeUps.get()).isEqualTo(1);
        assertThat(ran).extracting(s -> s.substring(0, 7))
                .containsExactly("chunk 0", "chunk 1", "chunk 2", "chunk 3", "chunk 4");
        assertThat(ran).allSatisfy(s -> assertThat(s).doesNotContain("defaultEventLoop"));
        // a later hand-over is a new batch
        loop.submit(() -> onLoop.execute(() -> ran.add("chunk 5"))).sync();
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 6);
        assertThat(wakeUps.get()).isEqualTo(2);
    }

    @Test
    void otherThreadsHandOverAtOnce() {
        Executor onLoop = new ChunkHandOff(countingWriters, 60_000).on(loop);
        onLoop.execute(() -> ran.add("control"));
        assertThat(wakeUps.get()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("control"));
    }

    @Test
    void oneExecutorPerLoop() {
        ChunkHandOff handOff = new ChunkHandOff(countingWriters, 50);
        assertThat(handOff.on(loop)).isSameAs(handOff.on(loop));
    }
}
