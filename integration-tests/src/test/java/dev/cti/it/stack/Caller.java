package dev.cti.it.stack;

import dev.cti.agent.media.AudioSink;
import dev.cti.agent.media.ToneSource;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.agent.phone.Softphone;
import dev.cti.config.CtiConfig;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A customer behind the PBX: a jain-sip UAC (the agent client's {@link Softphone}, not registering) on 127.0.0.1 —
 * the trunk's address, which is what the gateway checks — dialling a queue number, sending a tone as its voice over
 * RTP and recording what it hears in memory.
 */
public final class Caller implements AutoCloseable {
    private final Softphone phone;
    private final Events events = new Events();
    private final Recorder heard = new Recorder();

    private Caller(CtiConfig config, String number, double toneHz, Clock clock, ScheduledExecutorService ticker) {
        PhoneSettings s = new PhoneSettings(number, "unused", config.network().sip().domain(), "127.0.0.1",
                config.network().sip().udpPort(), "127.0.0.1", 0);
        phone = new Softphone(s, clock, ticker, () -> new ToneSource(toneHz), () -> heard, events);
    }

    static Caller start(CtiConfig config, String number, double toneHz, Clock clock, ScheduledExecutorService ticker)
            throws Exception {
        Caller c = new Caller(config, number, toneHz, clock, ticker);
        c.phone.start().get(15, TimeUnit.SECONDS);
        return c;
    }

    public void dial(String dialled) throws Exception {
        phone.dial(dialled).get(10, TimeUnit.SECONDS);
    }

    public void hangup() throws Exception {
        phone.hangup().get(10, TimeUnit.SECONDS);
    }

    public Softphone phone() {
        return phone;
    }

    public Events events() {
        return events;
    }

    public int recorded() {
        return heard.size();
    }

    public short[] heard(int from, int to) {
        return heard.span(from, to);
    }

    @Override
    public void close() {
        phone.close();
    }

    /** Everything played out to the caller, in memory (a frame per 20 ms while a call is up). */
    static final class Recorder implements AudioSink {
        private short[] samples = new short[8000 * 60];
        private int size;

        @Override
        public synchronized void write(short[] frame) {
            if (size + frame.length > samples.length) {
                samples = Arrays.copyOf(samples, samples.length * 2);
            }
            System.arraycopy(frame, 0, samples, size, frame.length);
            size += frame.length;
        }

        synchronized int size() {
            return size;
        }

        synchronized short[] span(int from, int to) {
            return Arrays.copyOfRange(samples, from, Math.min(to, size));
        }
    }
}
