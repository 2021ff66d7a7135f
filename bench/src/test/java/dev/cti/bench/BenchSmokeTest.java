package dev.cti.bench;

import dev.cti.bench.core.Bench;
import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.BenchRunner;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmarks' smoke mode, as CI runs it: each implemented benchmark runs for seconds at tiny load against
 * its real SUT process, and must write a result file with the fields the report needs and non-zero
 * throughput. Targets are not asserted: this machine is shared and small; the figures are in BENCHMARKS.md.
 */
class BenchSmokeTest {

    static Path out;

    @BeforeAll
    static void outDir() throws Exception {
        out = Path.of(System.getProperty("bench.results", "target/smoke-results"))
                .resolve(String.valueOf(System.nanoTime()));
        Files.createDirectories(out);
    }

    private static JsonObject runSmoke(Bench bench) throws Exception {
        BenchOptions options = new BenchOptions(true, Duration.ofSeconds(2), out, null, false, Map.of());
        List<Path> files = new BenchRunner(new PrintStream(System.out, true)).run(List.of(bench), options);
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).matches(bench.id() + "-\\d{8}-\\d{6}\\.json");
        JsonObject file = new JsonObject(Files.readString(files.get(0)));
        assertThat(file.getString("status")).as("status (error: %s)", file.getString("error")).isEqualTo("ok");
        assertThat(file.getJsonObject("machine").getInteger("nproc")).isPositive();
        assertThat(file.getJsonArray("loadAverageBefore")).hasSize(3);
        assertThat(file.getJsonArray("loadAverageAfter")).hasSize(3);
        assertThat(Files.readString(out.resolve("SUMMARY.md"))).contains("## " + bench.id());
        return file.getJsonObject("result");
    }

    @Test
    void metricsScrapeSmoke() throws Exception {
        JsonObject r = runSmoke(BenchMain.benches().get("t6").get());
        assertThat(r.getInteger("scrapes") + r.getInteger("scrapeErrors")).as("--scrapes in smoke mode")
                .isEqualTo(10);
        assertThat(r.getInteger("series")).isGreaterThan(10);
        assertThat(r.getLong("bytes")).isGreaterThan(1000);
        assertThat(r.getJsonObject("latencyMs").getDouble("p99")).isPositive();
        assertThat(r.getLong("stateChangesAccepted")).isPositive();
        assertThat(r.getDouble("sutCpuSeconds")).isPositive();
    }

    @Test
    void pushSmoke() throws Exception {
        JsonObject r = runSmoke(BenchMain.benches().get("t5").get());
        assertThat(r.getLong("stateChangesAccepted")).isPositive();
        assertThat(r.getLong("agentEventsDelivered")).isPositive();
        assertThat(r.getJsonObject("latencyMs").getInteger("samples")).isPositive();
        assertThat(r.getJsonObject("latencyMs").getDouble("p99")).isPositive();
        assertThat(r.getInteger("parseErrors")).isZero();
        assertThat(r.getDouble("sutCpuSeconds")).isPositive();
    }

    @Test
    void signallingSmoke() throws Exception {
        boolean sipp;
        try {
            dev.cti.bench.sip.Sipp.require();
            sipp = true;
        } catch (IllegalStateException e) {
            sipp = false;
        }
        if (!sipp && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("sipp is missing in CI: apt-get install sip-tester (bin/cti test installs it)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(sipp, "sipp is not installed: apt-get install sip-tester");
        JsonObject r = runSmoke(BenchMain.benches().get("t1").get());
        JsonObject step = r.getJsonArray("steps").getJsonObject(0);
        assertThat(step.getLong("callsCreated")).isPositive();
        assertThat(step.getLong("successful")).isPositive();
        assertThat(step.getJsonObject("inviteTo200Ms").getInteger("samples")).isPositive();
        assertThat(step.getDouble("cpuSeconds")).isPositive();
        assertThat(step.getJsonObject("agentStatesAfter").getMap()).isNotEmpty();
    }

    @Test
    void mixingSmoke() throws Exception {
        JsonObject r = runSmoke(BenchMain.benches().get("t4").get());
        assertThat(r.getJsonArray("steps")).hasSize(1);
        JsonObject step = r.getJsonArray("steps").getJsonObject(0);
        assertThat(step.getString("mode")).isEqualTo("BARGE");
        assertThat(step.getInteger("iterations")).isEqualTo(1);
        assertThat(step.getDouble("nsPerTick")).isPositive();
        assertThat(step.getDouble("usPerPartySecond"))
                .isCloseTo(step.getDouble("nsPerTick") * 50 / 3 / 1000, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Files.readString(out.resolve("SUMMARY.md"))).contains("| BARGE |");
    }

    @Test
    void mediaRelaySmoke() throws Exception {
        JsonObject r = runSmoke(BenchMain.benches().get("t2").get());
        JsonObject step = r.getJsonArray("steps").getJsonObject(0);
        assertThat(step.getInteger("calls")).isEqualTo(5);
        assertThat(step.getLong("packetsSent")).isPositive();
        assertThat(step.getLong("packetsReceived")).isPositive();
        assertThat(step.getLong("sutRelayedPackets")).isPositive();
        assertThat(step.getDouble("lossRatio")).isBetween(0.0, 1.0);
        assertThat(step.getJsonObject("jitterMs").getDouble("p99")).isNotNegative();
        assertThat(step.getLong("foreignPackets")).isZero();
    }

    @Test
    void recordingCostSmoke() throws Exception {
        JsonObject r = runSmoke(BenchMain.benches().get("t3").get());
        io.vertx.core.json.JsonArray steps = r.getJsonArray("steps");
        assertThat(steps).hasSize(2);
        JsonObject off = steps.getJsonObject(0);
        JsonObject on = steps.getJsonObject(1);
        assertThat(off.getBoolean("recording")).isFalse();
        assertThat(on.getBoolean("recording")).isTrue();
        for (JsonObject step : List.of(off, on)) {
            assertThat(step.getInteger("calls")).isEqualTo(5);
            assertThat(step.getLong("packetsReceived")).isPositive();
            assertThat(step.getLong("sutRelayedPackets")).isPositive();
            assertThat(step.getDouble("sutCpuMillisPerCallSecond")).isNotNegative();
            assertThat(step.getLong("foreignPackets")).isZero();
        }
        JsonObject rec = on.getJsonObject("recordingFigures");
        assertThat(rec.getLong("recordingsActive")).isEqualTo(5);
        assertThat(rec.getLong("bytesPerSecond")).isPositive();
        assertThat(rec.getLong("writerBacklogMaxChunks")).isNotNegative();
        JsonObject files = rec.getJsonObject("files");
        assertThat(files.getInteger("files")).isEqualTo(5);
        assertThat(files.getInteger("broken")).isZero();
        assertThat(files.getInteger("complete") + files.getInteger("failed")).isEqualTo(5);
        assertThat(off.containsKey("recordingFigures")).isFalse();
        assertThat(r.getJsonArray("perRound")).hasSize(1);
        assertThat(r.getJsonArray("equalLoad")).hasSize(1);
        assertThat(r.getJsonArray("equalLoad").getJsonObject(0).getDouble("cpuMsPerCallSecondOn")).isPositive();
        assertThat(r.fieldNames()).contains("kneeOff", "kneeOn", "capacityLossPercent", "meetsGoal");
        assertThat(Files.readString(out.resolve("SUMMARY.md"))).contains("| on |", "| off |", "Capacity loss");
        // the kept files decrypt here too, independently of the bench's own check, with the SUT's key file
        Path dir = out.resolve("work").resolve("t3-recording").resolve("r1-on-5").resolve("rec");
        List<Path> recorded;
        try (var walk = Files.walk(dir.resolve("recordings"))) {
            recorded = walk.filter(p -> p.toString().endsWith(".ctirec")).toList();
        }
        assertThat(recorded).hasSize(5);
        dev.cti.recording.RecordingKeys keys = dev.cti.recording.RecordingKeys.open(dir.resolve("recording-keys.txt"));
        for (Path file : recorded) {
            try (dev.cti.recording.RecordingReader reader = dev.cti.recording.RecordingReader.open(file, keys)) {
                assertThat(reader.complete()).as("%s complete", file).isTrue();
                assertThat(reader.verify()).isPositive();
                assertThat(reader.durationMillis()).isGreaterThan(1000);
                byte[] wav = reader.readWav(0, (int) reader.wavSize());
                assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
                long[] nonSilent = new long[2];
                for (int i = dev.cti.recording.RecordingReader.WAV_HEADER_BYTES; i + 4 <= wav.length; i += 4) {
                    nonSilent[0] += wav[i] != 0 || wav[i + 1] != 0 ? 1 : 0;
                    nonSilent[1] += wav[i + 2] != 0 || wav[i + 3] != 0 ? 1 : 0;
                }
                assertThat(nonSilent[0]).as("customer channel of %s", file).isGreaterThan(8000);
                assertThat(nonSilent[1]).as("agent-side channel of %s", file).isGreaterThan(8000);
            }
        }
    }
}
