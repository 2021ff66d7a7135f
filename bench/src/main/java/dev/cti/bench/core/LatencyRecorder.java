package dev.cti.bench.core;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;

/**
 * Records every sample (nanoseconds) and gives exact percentiles. Benchmarks here record at most a few million
 * samples per run, so keeping them all is cheap and avoids histogram bucketing error. Thread-safe.
 */
public final class LatencyRecorder {

    private long[] samples = new long[1024];
    private int count;

    public synchronized void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[count++] = nanos;
    }

    /** Adds every sample of {@code other} (merging per-thread recorders). */
    public void addAll(LatencyRecorder other) {
        long[] theirs;
        int n;
        synchronized (other) {
            theirs = other.samples;
            n = other.count;
        }
        synchronized (this) {
            for (int i = 0; i < n; i++) {
                record(theirs[i]);
            }
        }
    }

    public synchronized int count() {
        return count;
    }

    /** p50, p95, p99, p99.9, max and mean in milliseconds (with µs resolution), and the sample count. */
    public synchronized JsonObject summaryMillis() {
        JsonObject out = new JsonObject().put("samples", count);
        if (count == 0) {
            return out;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        double sum = 0;
        for (long s : sorted) {
            sum += s;
        }
        return out.put("p50", ms(percentile(sorted, 50))).put("p95", ms(percentile(sorted, 95)))
                .put("p99", ms(percentile(sorted, 99))).put("p999", ms(percentile(sorted, 99.9)))
                .put("max", ms(sorted[count - 1])).put("mean", ms((long) (sum / count)));
    }

    /** Nearest-rank percentile of a sorted array. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
