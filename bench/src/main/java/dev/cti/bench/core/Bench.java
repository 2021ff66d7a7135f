package dev.cti.bench.core;

import io.vertx.core.json.JsonObject;

/**
 * One benchmark (T1, T2, T5, T6 of docs/BENCHMARKS.md). {@link #run} starts its SUT, drives it, stops it and
 * returns measured figures only; {@link BenchRunner} adds the machine, the load average and the time.
 */
public interface Bench {

    /** Short id used on the command line and in file names: "t6-metrics". */
    String id();

    JsonObject run(BenchOptions options) throws Exception;

    /** A markdown section (heading, table) of a result of this benchmark for SUMMARY.md. */
    String summarize(JsonObject result);
}
