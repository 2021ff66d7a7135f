package dev.cti.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (utime + stime from /proc/PID/stat) of a process and its descendants. The benchmarks report the
 * system under test's CPU per unit of work from here, not from the load generator's view, so a saturated
 * generator cannot make the SUT look cheaper than it is.
 */
public final class ProcessCpu {

    /** Clock ticks per second of /proc/PID/stat (USER_HZ); 100 on every Linux the project runs on. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessCpu() {}

    /** CPU seconds used so far by {@code pid} and every live descendant; 0 where /proc cannot be read. */
    public static double cpuSeconds(long pid) {
        long ticks = ticks(pid);
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            ticks += handle.get().descendants().mapToLong(p -> ticks(p.pid())).sum();
        }
        return (double) ticks / TICKS_PER_SECOND;
    }

    /** CPU seconds of one process alone (all its threads, no children): the generator's own JVM. */
    public static double ownCpuSeconds(long pid) {
        return (double) ticks(pid) / TICKS_PER_SECOND;
    }

    /** CPU seconds of this JVM alone (the load generator). */
    public static double generatorCpuSeconds() {
        return ownCpuSeconds(ProcessHandle.current().pid());
    }

    /**
     * CPU seconds used so far by each group of {@code pid}'s threads, by thread name with digits folded
     * ({@code rtp-1-2} and {@code rtp-2-1} are both {@code rtp-N-N}; {@code C2 CompilerThre}, {@code GC Thread#N}):
     * where a JVM's CPU goes (event loops, writers, JIT, GC). Names are the kernel's (15 characters at most).
     * Empty where /proc cannot be read.
     */
    public static java.util.Map<String, Double> threadCpuSeconds(long pid) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "N");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (double) (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    out.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Map.of();
        }
        return out;
    }

    /** utime + stime of one process, in clock ticks. */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15 of proc(5)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
