package dev.cti.bench.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How one benchmark run is driven.
 *
 * @param smoke    seconds-long, tiny load: proves the harness works (CI), measures nothing worth quoting
 * @param duration measuring time per step (after warm-up)
 * @param outDir   where results (TEST-TIMESTAMP.json, SUMMARY.md) and the SUTs' logs go
 * @param sutCpus  taskset CPU list for the systems under test, or null not to pin
 * @param profile  record a JFR profile of the SUT and summarise its top frames
 * @param extra    test-specific options (--clients 1000 -> "clients" -> "1000")
 */
public record BenchOptions(boolean smoke, Duration duration, Path outDir, String sutCpus, boolean profile,
                           Map<String, String> extra) {

    public int intOption(String name, int normal, int smokeValue) {
        String v = extra.get(name);
        return v != null ? Integer.parseInt(v) : smoke ? smokeValue : normal;
    }

    public String option(String name, String normal, String smokeValue) {
        String v = extra.get(name);
        return v != null ? v : smoke ? smokeValue : normal;
    }
}
