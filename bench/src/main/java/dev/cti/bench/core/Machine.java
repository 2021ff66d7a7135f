package dev.cti.bench.core;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the figures were measured on: core count, CPU model and memory from /proc, and the load average at the
 * time of a run. Exists because a figure without its machine (and, on a shared machine, its load) means nothing.
 */
public record Machine(int cores, String cpuModel, long memTotalKb) {

    public static Machine describe() {
        String model = "unknown";
        long mem = -1;
        int cores = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && model.equals("unknown")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.startsWith("processor")) {
                    cores++;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    mem = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave the unknowns; the harness still runs
        }
        // /proc/cpuinfo, not availableProcessors(): the generator JVM is itself pinned to one CPU
        return new Machine(cores > 0 ? cores : Runtime.getRuntime().availableProcessors(), model, mem);
    }

    /** The 1, 5 and 15 minute load averages, or an empty list when /proc/loadavg is unreadable. */
    public static List<Double> loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return List.of(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("nproc", cores).put("cpuModel", cpuModel).put("memTotalKb", memTotalKb);
    }
}
