package dev.cti.agent.demo;

import dev.cti.privacy.PhoneMask;
import dev.cti.agent.media.AudioSink;
import dev.cti.agent.media.ToneSource;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.agent.phone.Softphone;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customers for the demo: places calls into the queues through the gateway over real SIP and RTP, as the PBX would.
 * Each call is a {@link Softphone} that does not register (a jain-sip UAC on its own port of the trunk's host, which
 * is what the gateway checks before it accepts a customer call) dialling one of the queues' numbers and sending a
 * tone as its voice. The gateway answers at once (queue greeting, music), so a caller cannot tell from SIP when an
 * agent picks up: it simply stays on the line for a random 15-40 s (long enough to be answered, sometimes not: an
 * abandon is part of a real day) and hangs up.
 */
final class CallerGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallerGenerator.class);

    private final CtiConfig config;
    private final String trunkHost;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService mediaTicker;
    private final Random random;
    private final Consumer<String> say;
    private final List<String> numbers = new ArrayList<>();
    private final Set<Softphone> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger placed = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param queues    the queues whose numbers are dialled
     * @param trunkHost the address calls come from: one of the configured trunks' hosts (or allowFrom)
     */
    CallerGenerator(CtiConfig config, List<QueueConfig> queues, String trunkHost, Clock clock,
                    ScheduledExecutorService scheduler, ScheduledExecutorService mediaTicker, Random random,
                    Consumer<String> say) {
        this.config = config;
        this.trunkHost = trunkHost;
        this.clock = clock;
        this.scheduler = scheduler;
        this.mediaTicker = mediaTicker;
        this.random = random;
        this.say = say;
        for (QueueConfig q : queues) numbers.addAll(q.numbers());
    }

    /** Places {@code calls} calls (0: until closed), one every {@code meanSeconds} on average, the first soon. */
    void start(int calls, double meanSeconds) {
        scheduleNext(calls, meanSeconds, 1000);
    }

    int placed() {
        return placed.get();
    }

    private void scheduleNext(int calls, double meanSeconds, long delayMs) {
        if (closed || (calls > 0 && placed.get() >= calls)) return;
        scheduler.schedule(() -> {
            try {
                placeOne();
            } catch (Exception e) {
                LOG.warn("demo call not placed: {}", e.toString());
            }
            long next = (long) (meanSeconds * 1000 * (0.5 + random.nextDouble()));
            scheduleNext(calls, meanSeconds, next);
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void placeOne() throws Exception {
        if (closed) return;
        int n = placed.incrementAndGet();
        String dialled = numbers.get(random.nextInt(numbers.size()));
        String caller = "1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
        double voiceHz = 300 + random.nextInt(200);
        long stayMs = 15_000 + random.nextInt(25_000);
        PhoneSettings s = new PhoneSettings(caller, "unused", config.network().sip().domain(),
                config.network().sip().host(), config.network().sip().udpPort(), trunkHost, 0);
        Softphone[] holder = new Softphone[1];
        Softphone phone = new Softphone(s, clock, mediaTicker, () -> new ToneSource(voiceHz), AudioSink::discard,
                e -> onEvent(holder[0], n, e));
        holder[0] = phone;
        live.add(phone);
        phone.start().get(10, TimeUnit.SECONDS);
        String queue = config.queueForNumber(dialled).map(QueueConfig::id).orElse("?");
        say.accept("call " + n + ": " + PhoneMask.mask(caller) + " dials " + dialled + " (" + queue + "), stays "
                + stayMs / 1000 + " s");
        phone.dial(dialled).get(10, TimeUnit.SECONDS);
        scheduler.schedule(() -> phone.hangup().whenComplete((v, err) -> { }), stayMs, TimeUnit.MILLISECONDS);
    }

    private void onEvent(Softphone phone, int n, JsonObject e) {
        String event = e.getString("event", "");
        switch (event) {
            case "dial-failed" -> {
                say.accept("call " + n + " failed: SIP " + e.getValue("status"));
                release(phone);
            }
            case "idle" -> release(phone);
            default -> { }
        }
    }

    private void release(Softphone phone) {
        if (phone == null) return;
        live.remove(phone);
        scheduler.execute(phone::close); // never close a phone on its own thread
    }

    /** Hangs up every caller still on the line and stops placing calls. */
    @Override
    public void close() {
        closed = true;
        for (Softphone p : List.copyOf(live)) {
            try {
                p.hangup().get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // already over
            }
            p.close();
        }
        live.clear();
    }
}
