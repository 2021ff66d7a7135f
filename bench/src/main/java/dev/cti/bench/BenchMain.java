package dev.cti.bench;

import dev.cti.bench.core.Bench;
import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.BenchRunner;
import dev.cti.bench.media.MediaRelayBench;
import dev.cti.bench.metrics.MetricsScrapeBench;
import dev.cti.bench.mix.MixingBench;
import dev.cti.bench.push.PushBench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Command line of the benchmarks ({@code bin/cti bench}):
 * {@code BenchMain [t1|t2|t3|t4|t5|t6|all]... [--smoke] [--duration S] [--out DIR] [--sut-cpus LIST|--no-pin] [--profile]
 * [--NAME VALUE]...}. Exit status 0 when every benchmark ran (targets missed still count as ran), 1 otherwise.
 */
public final class BenchMain {

    /** Every implemented benchmark, by id, in the order "all" runs them. */
    public static Map<String, Supplier<Bench>> benches() {
        Map<String, Supplier<Bench>> all = new LinkedHashMap<>();
        all.put("t6", MetricsScrapeBench::new);
        all.put("t5", PushBench::new);
        all.put("t4", MixingBench::new);
        all.put("t2", MediaRelayBench::new);
        all.put("t3", dev.cti.bench.media.RecordingCostBench::new);
        all.put("t1", dev.cti.bench.sip.SignallingBench::new);
        return all;
    }

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        List<String> tests = new ArrayList<>();
        boolean smoke = false;
        boolean profile = false;
        Duration duration = null;
        Path out = Path.of("bench", "results");
        String sutCpus = dev.cti.bench.core.Machine.describe().cores() >= 2 ? "0" : null;
        Map<String, String> extra = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--smoke" -> smoke = true;
                case "--profile" -> profile = true;
                case "--no-pin" -> sutCpus = null;
                case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(value(args, ++i, a)));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--sut-cpus" -> sutCpus = value(args, ++i, a);
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> {
                    if (a.startsWith("--")) {
                        extra.put(a.substring(2), value(args, ++i, a));
                    } else {
                        tests.add(a);
                    }
                }
            }
        }
        if (tests.isEmpty() || tests.contains("all")) {
            tests = new ArrayList<>(benches().keySet());
        }
        List<Bench> selected = new ArrayList<>();
        for (String t : tests) {
            Supplier<Bench> b = benches().get(t.replaceAll("-.*", ""));
            if (b == null) {
                System.err.println("bench: unknown test " + t + " (known: " + benches().keySet() + ")");
                System.exit(64);
            }
            selected.add(b.get());
        }
        if (duration == null) {
            duration = Duration.ofSeconds(smoke ? 3 : 30);
        }
        BenchOptions options = new BenchOptions(smoke, duration, out.toAbsolutePath(), sutCpus, profile, extra);
        long t0 = System.nanoTime();
        List<Path> files = new BenchRunner(System.out).run(selected, options);
        boolean allOk = true;
        for (Path f : files) {
            allOk &= java.nio.file.Files.readString(f).contains("\"status\" : \"ok\"");
        }
        long took = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
        java.nio.file.Files.writeString(options.outDir().resolve("SUMMARY.md"), selected.size() + " test(s) took " + took
                + " s in all: `bin/cti bench " + commandLine(args) + "`.\n", java.nio.file.StandardOpenOption.APPEND);
        System.out.println("bench: summary in " + options.outDir().resolve("SUMMARY.md") + "; " + selected.size()
                + " test(s) took " + took + " s");
        System.exit(allOk ? 0 : 1);
    }

    /** The arguments as given, without the {@code --out} that bin/cti adds. */
    private static String commandLine(String[] args) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out")) {
                i++;
            } else {
                shown.add(args[i]);
            }
        }
        return String.join(" ", shown);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("bench: " + option + " needs a value");
            System.exit(64);
        }
        return args[i];
    }

    private static void usage() {
        System.out.println("""
                usage: bin/cti bench [t1|t2|t3|t4|t5|t6|all]... [options]
                  --smoke            seconds-long tiny load (what CI runs)
                  --duration S       measuring seconds per step (default 30, smoke 3)
                  --out DIR          results directory (default bench/results)
                  --sut-cpus LIST    taskset CPUs of the systems under test (default 0; the generator runs on 1)
                  --no-pin           do not pin
                  --profile          JFR-profile the SUT and list its top frames
                t6: --queues 50 --agents 2000 --events-per-second 50 --scrapes-per-second 5 --scrapes 2000 (not --duration)
                t5: --clients 1000 --agents 200 --events-per-second 50
                t4: --modes BARGE,LISTEN,WHISPER --iterations 5 --warmups 3 --warmup-seconds 2 (JMH; --duration is
                    split over the measured iterations of each mode)
                t2: --calls 250,500,1000,1500,2000 (steps; the largest meeting the target is reported) --peer false
                    --warmup 5 (seconds of traffic before each step's measuring window; t2 and t3)
                    --transport auto (our relay's socket I/O: auto, epoll or nio; t2 and t3; each step says which ran)
                t3: --calls 200,250,300,350,400,450,500,600,700,800,1000 (each with recording off and on, the order
                    swapped at every count) --rounds 1 (repeat the ramp; the median capacity loss is reported)
                    --record-warm-up-chunks 20000 (chunks the SUT encrypts and writes before a step, so its AES-GCM
                    and SHA-256 are JIT-compiled as in a gateway that has been up for minutes)
                    --keep-recordings true (keep the files of the "on" steps under OUT/work/t3-recording)
                t1: --rates 10,20,50,100,200,300,400 --agents 1000 --hold-ms 2000 --peer false --only kamailio
                --all-steps true   (t1, t2, t3) do not stop at the first step that misses the target
                """);
    }
}
