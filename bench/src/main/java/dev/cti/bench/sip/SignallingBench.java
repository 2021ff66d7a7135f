package dev.cti.bench.sip;

import dev.cti.bench.core.Bench;
import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.JfrSummary;
import dev.cti.bench.core.LatencyRecorder;
import dev.cti.bench.core.ProcessCpu;
import dev.cti.bench.core.Progress;
import dev.cti.bench.core.SutProcess;
import dev.cti.bench.server.ConfigGenerator;
import dev.cti.bench.server.ServerSut;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * T1: sipp as the PBX calling a queue through the gateway; N agent phones (one answering sipp, every agent
 * registered with digest to its port) answer at once; agents return to READY after a 1 s wrap-up. The call rate
 * steps up until two steps in a row miss the target (failed ≥ 0.1 %, any retransmission, INVITE→200 p99 ≥ 50 ms
 * or > 1 ms of gateway + server CPU per call). Then the same steps through Kamailio (stateful proxy, t_relay) to the
 * same answering sipp, when it is installed. Note what INVITE→200 means here: the gateway answers the caller
 * as soon as media is allocated (the queue plays its greeting), before an agent is chosen.
 */
public final class SignallingBench implements Bench {

    static final double TARGET_FAILED_RATIO = 0.001;
    static final double TARGET_P99_MS = 50;
    static final double TARGET_CPU_MS_PER_CALL = 1;
    static final String QUEUE_NUMBER = "4008000001";

    @Override
    public String id() {
        return "t1-signalling";
    }

    @Override
    public JsonObject run(BenchOptions o) throws Exception {
        Sipp.require();
        String rates = o.option("rates", "10,20,50,100,200,300,400", "5");
        int agents = o.intOption("agents", 1000, 10);
        int holdMs = o.intOption("hold-ms", 2000, 1000);
        Path work = o.outDir().resolve("work").resolve(id());
        int rtpMin = 30000 + 2 * ThreadLocalRandom.current().nextInt(5000);
        ConfigGenerator.Ports base = ConfigGenerator.freePorts();
        ConfigGenerator.Ports ports = new ConfigGenerator.Ports(base.http(), base.ctiLink(), base.gatewayAdmin(), base.sip(),
                rtpMin, rtpMin + 20000);
        Path conf = work.resolve("conf");
        ConfigGenerator.write(conf, 1, agents, ports);
        JsonObject result = new JsonObject().put("agents", agents).put("holdMs", holdMs).put("wrapUpSeconds", 1)
                .put("targetCps", 300).put("targetFailedRatio", TARGET_FAILED_RATIO).put("targetP99Ms", TARGET_P99_MS)
                .put("targetCpuMsPerCall", TARGET_CPU_MS_PER_CALL)
                .put("latencyMeasured", "INVITE -> 200 OK at the caller (sipp response-time partition 1)");
        Path agentScenario = Sipp.scenario(work, "bench-agent.xml");
        int agentPort = ConfigGenerator.freePort();
        if ("kamailio".equals(o.extra().get("only"))) {   // the peer's ramp alone (--only kamailio)
            try (Sipp phones = Sipp.start(work.resolve("agents"), agentScenario,
                    List.of("-p", String.valueOf(agentPort), "-mp", String.valueOf(ConfigGenerator.freePort())))) {
                return result.put("kamailio", kamailio(o, work, phones, agentPort, rates, holdMs));
            }
        }
        ServerSut server = ServerSut.start(o, work, conf, ports);
        SutProcess gateway = null;
        try (server; Sipp phones = Sipp.start(work.resolve("agents"), agentScenario,
                List.of("-p", String.valueOf(agentPort), "-mp", String.valueOf(ConfigGenerator.freePort())))) {
            gateway = SutProcess.start("sip-gateway", GatewaySutMain.class.getName(), List.of("--config", conf.toString()),
                    o.sutCpus(), work, false, o.profile(), List.of("-Xms256m", "-Xmx1g",
                            SutProcess.shippedLogConfig(dev.cti.gateway.GatewayMain.class)));
            awaitHealthy(gateway, ports.gatewayAdmin());
            register(work, ports.sip(), agentPort, agents);
            server.loginAgents(agents);
            SutProcess gw = gateway;
            Map<String, DoubleSupplier> sut = new java.util.LinkedHashMap<>();
            sut.put("gateway", gw::cpuSeconds);
            sut.put("server", () -> server.process().cpuSeconds());
            result.put("idleCores", idleCores(sut));   // agents logged in, no calls: the floor under every step
            JsonArray ours = new JsonArray();
            Integer knee = null;
            int misses = 0;
            for (String r : rates.split(",")) {
                int rate = Integer.parseInt(r.trim());
                JsonObject step = callStep(o, work.resolve("ours-" + rate), ports.sip(), rate, holdMs,
                        sut, "gateway+server", phones);
                gw.checkAlive();
                step.put("agentStatesAfter", server.agentStates());
                System.out.println("bench: t1 agents after the step: " + step.getJsonObject("agentStatesAfter").encode());
                ours.add(step);
                if (step.getBoolean("meetsTarget")) {
                    knee = rate;
                    misses = 0;
                } else if (++misses >= 2 && !o.extra().containsKey("all-steps")) {
                    break;   // two misses in a row: past the knee (one alone may be a blip of the shared machine)
                }
                Thread.sleep(holdMs + 2500L);   // the last calls end and their agents leave wrap-up
            }
            result.put("steps", ours).put("maxRateMeetingTarget", knee);
            if (!o.smoke() && !"false".equals(o.extra().get("peer"))) {
                result.put("kamailio", kamailio(o, work, phones, agentPort, rates, holdMs));
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (o.profile() && gateway != null) {
            result.put("profileGateway", JfrSummary.topFrames(gateway.jfr(), 15))
                    .put("profileServer", JfrSummary.topFrames(server.process().jfr(), 15));
        }
        return result;
    }

    private JsonObject kamailio(BenchOptions o, Path work, Sipp phones, int uasPort, String rates, int holdMs) {
        if (!KamailioPeer.installed()) {
            return new JsonObject().put("status", "not run: kamailio is not installed (apt-get install kamailio)");
        }
        int port = ConfigGenerator.freePort();
        JsonArray steps = new JsonArray();
        Integer knee = null;
        int misses = 0;
        try (KamailioPeer k = KamailioPeer.start(work.resolve("kamailio"), port, uasPort, o.sutCpus())) {
            for (String r : rates.split(",")) {
                int rate = Integer.parseInt(r.trim());
                JsonObject step = callStep(o, work.resolve("kamailio-" + rate), port, rate, holdMs,
                        Map.of("kamailio", () -> ProcessCpu.cpuSeconds(k.pid())), "kamailio", phones);
                steps.add(step);
                if (step.getBoolean("meetsTarget")) {
                    knee = rate;
                    misses = 0;
                } else if (++misses >= 2 && !o.extra().containsKey("all-steps")) {
                    break;   // two misses in a row: past the knee (one alone may be a blip of the shared machine)
                }
                Thread.sleep(holdMs + 2000L);
            }
        } catch (Exception e) {
            return new JsonObject().put("status", "failed: " + e).put("steps", steps);
        }
        return new JsonObject().put("status", "ok").put("steps", steps).put("maxRateMeetingTarget", knee);
    }

    /**
     * {@link #callStepOnce}, run again (once, with new ports) when the caller sipp could not start at all:
     * exit status non-zero and no call created, e.g. its media port was taken between the free-port probe and
     * its bind on this shared machine. That is not a measurement of the SUT; the first attempt's output stays in
     * the result ({@code startFailure}).
     */
    private JsonObject callStep(BenchOptions o, Path dir, int sipPort, int rate, int holdMs, Map<String, DoubleSupplier> cpus,
                                String cpuOf, Sipp phones) throws Exception {
        JsonObject step = callStepOnce(o, dir, sipPort, rate, holdMs, cpus, cpuOf, phones);
        if (step.getInteger("sippExit", 0) != 0 && step.getLong("callsCreated", 0L) == 0) {
            System.out.println("bench: t1 " + cpuOf + " " + rate + " cps: the caller sipp did not start (exit "
                    + step.getInteger("sippExit") + "); running the step again");
            JsonObject again = callStepOnce(o, dir.resolveSibling(dir.getFileName() + "-retry"), sipPort, rate, holdMs,
                    cpus, cpuOf, phones);
            String out = step.getString("sippOutput", "exit " + step.getInteger("sippExit")).strip();
            return again.put("startFailure", out.substring(Math.max(0, out.length() - 300)));
        }
        return step;
    }

    /** One caller run at {@code rate} calls/s for the test duration; CPU of the SUT from {@code cpu}. */
    private JsonObject callStepOnce(BenchOptions o, Path dir, int sipPort, int rate, int holdMs, Map<String, DoubleSupplier> cpus,
                                String cpuOf, Sipp phones) throws Exception {
        DoubleSupplier cpu = () -> cpus.values().stream().mapToDouble(DoubleSupplier::getAsDouble).sum();
        Map<String, Double> each0 = new java.util.LinkedHashMap<>();
        cpus.forEach((k, v) -> each0.put(k, v.getAsDouble()));
        long answered0 = Sipp.num(phones.lastStats().get("SuccessfulCall"));
        long calls = Math.max(1, rate * o.duration().toSeconds());
        Path scenario = Sipp.scenario(dir, "bench-caller.xml");
        double cpu0 = cpu.getAsDouble();
        long t0 = System.nanoTime();
        Sipp caller = Sipp.start(dir, scenario, List.of("-s", QUEUE_NUMBER, "-p", String.valueOf(ConfigGenerator.freePort()),
                "-mp", String.valueOf(ConfigGenerator.freePort()), "-r", String.valueOf(rate), "-m", String.valueOf(calls),
                "-l", String.valueOf(Math.max(50, rate * (holdMs / 1000 + 3))), "-d", String.valueOf(holdMs),
                "-trace_rtt", "-rtt_freq", "1", "-timeout", (o.duration().toSeconds() + holdMs / 1000 + 20) + "s",
                "127.0.0.1:" + sipPort));
        int exit;
        try (caller; Progress p = Progress.every(System.out, "t1 " + cpuOf + " " + rate + " cps", () -> {
            try {
                Map<String, String> s = caller.lastStats();
                return "ok=" + s.getOrDefault("SuccessfulCall", "0") + " failed=" + s.getOrDefault("FailedCall", "0")
                        + " retrans=" + s.getOrDefault("Retransmissions", "0");
            } catch (Exception e) {
                return e.toString();
            }
        })) {
            double callerCpu0 = ProcessCpu.cpuSeconds(caller.pid());
            double callerCpu = callerCpu0;
            while (true) {   // sipp's CPU is readable only while it runs
                exit = caller.await(1);
                if (exit != -2) {
                    break;
                }
                callerCpu = ProcessCpu.cpuSeconds(caller.pid());
                if ((System.nanoTime() - t0) / 1e9 > o.duration().toSeconds() + holdMs / 1000 + 30) {
                    caller.close();
                    exit = -1;
                    break;
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double used = cpu.getAsDouble() - cpu0;
            JsonObject each = new JsonObject();
            cpus.forEach((k, v) -> each.put(k, Math.round((v.getAsDouble() - each0.get(k)) * 1000) / 1000.0));
            Thread.sleep(1200);   // the last statistics line
            Map<String, String> s = caller.lastStats();
            Thread.sleep(holdMs);   // the phones' last BYEs
            long answered = Sipp.num(phones.lastStats().get("SuccessfulCall")) - answered0;
            long ok = Sipp.num(s.get("SuccessfulCall"));
            long failed = Sipp.num(s.get("FailedCall"));
            long created = Sipp.num(s.get("TotalCallCreated"));
            long retrans = Sipp.num(s.get("Retransmissions"));
            LatencyRecorder rtt = caller.responseTimes(1);
            JsonObject lat = rtt.summaryMillis();
            long unfinished = Math.max(0, created - ok - failed);   // still open when sipp's -timeout ended the run
            double failedRatio = created == 0 ? 1 : (double) (failed + unfinished) / created;
            Double cpuPerCall = ok == 0 ? null : Math.round(used * 1e6 / ok) / 1000.0;
            double creation = caller.creationSeconds();   // sipp's statistics are written once a second
            JsonObject step = new JsonObject().put("targetRate", rate).put("sippExit", exit).put("callsCreated", created)
                    .put("successful", ok).put("answeredByPhones", answered).put("failed", failed).put("unfinished", unfinished).put("failedRatio", failedRatio)
                    .put("failedByCause", Sipp.failuresByCause(s)).put("retransmissions", retrans)
                    .put("achievedCps", creation > 0 ? Math.round(created * 10.0 / creation) / 10.0 : null)
                    .put("inviteTo200Ms", lat).put("cpuOf", cpuOf).put("cpuSecondsEach", each)
                    .put("callerSippCores", Math.round(callerCpu / wall * 1000) / 1000.0).put("cpuSeconds", Math.round(used * 1000) / 1000.0)
                    .put("cores", Math.round(used / wall * 1000) / 1000.0).put("cpuMsPerCall", cpuPerCall)
                    .put("meetsTarget", created > 0 && failedRatio < TARGET_FAILED_RATIO && retrans == 0
                            && lat.containsKey("p99") && lat.getDouble("p99") < TARGET_P99_MS
                            && cpuPerCall != null && cpuPerCall <= TARGET_CPU_MS_PER_CALL);
            if (ok == 0) {
                step.put("sippOutput", caller.outputTail());
            }
            System.out.println("bench: t1 " + cpuOf + " " + rate + " cps: " + step.encode());
            return step;
        }
    }

    /** SUT cores over 5 s with agents logged in and no calls. */
    private static double idleCores(Map<String, DoubleSupplier> cpus) throws InterruptedException {
        double c0 = cpus.values().stream().mapToDouble(DoubleSupplier::getAsDouble).sum();
        long t0 = System.nanoTime();
        Thread.sleep(5000);
        double c1 = cpus.values().stream().mapToDouble(DoubleSupplier::getAsDouble).sum();
        return Math.round((c1 - c0) / ((System.nanoTime() - t0) / 1e9) * 1000) / 1000.0;
    }

    /** sipp's ElapsedTime is "HH:MM:SS:mmm" (or "HH:MM:SS"); seconds. */
    static double parseSeconds(String hms) {
        if (hms == null) {
            return 0;
        }
        String[] f = hms.split(":");
        try {
            double s = Integer.parseInt(f[0]) * 3600 + Integer.parseInt(f[1]) * 60 + Double.parseDouble(f[2]);
            return f.length > 3 ? s + Integer.parseInt(f[3]) / 1000.0 : s;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void awaitHealthy(SutProcess gateway, int adminPort) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            gateway.checkAlive();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gateway not healthy; log:\n" + gateway.logTail());
            }
            Thread.sleep(200);
        }
    }

    /** Registers every agent phone (injection file extension;password) with one sipp run. */
    private static void register(Path work, int sipPort, int contactPort, int agents) throws Exception {
        Path dir = work.resolve("register");
        Path scenario = Sipp.scenario(dir, "bench-register.xml");
        List<String> rows = new ArrayList<>(List.of("SEQUENTIAL"));
        for (int i = 0; i < agents; i++) {
            rows.add(ConfigGenerator.extension(i) + ";[authentication username=" + ConfigGenerator.extension(i)
                    + " password=bench-sip-" + (i + 1) + "]");
        }
        Path inf = dir.resolve("agents.csv");
        Files.write(inf, rows);
        try (Sipp reg = Sipp.start(dir, scenario, List.of("-inf", inf.toString(), "-set", "contactport",
                String.valueOf(contactPort), "-p", String.valueOf(ConfigGenerator.freePort()), "-m", String.valueOf(agents),
                "-r", "200", "-l", "100", "-timeout", "120s", "127.0.0.1:" + sipPort))) {
            int exit = reg.await(150);
            if (exit != 0) {
                throw new IllegalStateException("registering " + agents + " agents: sipp exit " + exit + "\n" + reg.outputTail());
            }
        }
    }

    @Override
    public String summarize(JsonObject r) {
        StringBuilder b = new StringBuilder("Agents: ").append(r.getInteger("agents")).append(", hold ")
                .append(r.getInteger("holdMs")).append(" ms, wrap-up 1 s. SUT cores with no calls: ").append(r.getValue("idleCores"))
                .append(". Highest rate meeting the target: **")
                .append(r.getValue("maxRateMeetingTarget")).append(" cps** (target ≥ 300).\n\n");
        table(b, "ours (gateway + server)", r.getJsonArray("steps"));
        JsonObject k = r.getJsonObject("kamailio");
        if (k != null) {
            b.append("\nKamailio (stateful proxy): ").append(k.getString("status")).append(", highest rate meeting the target: ")
                    .append(k.getValue("maxRateMeetingTarget")).append("\n\n");
            if (k.getJsonArray("steps") != null) {
                table(b, "kamailio", k.getJsonArray("steps"));
            }
        }
        return b.toString();
    }

    private static void table(StringBuilder b, String who, JsonArray steps) {
        if (steps == null) {
            return;
        }
        b.append("| ").append(who).append(": rate | achieved cps | ok (answered by phones) | failed (by cause) | retrans | INVITE→200 p50 / p95 / p99 ms | CPU ms/call | SUT cores | CPU s by process | caller sipp cores | target |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < steps.size(); i++) {
            JsonObject s = steps.getJsonObject(i);
            JsonObject l = s.getJsonObject("inviteTo200Ms");
            b.append("| ").append(s.getInteger("targetRate")).append(" | ").append(s.getValue("achievedCps")).append(" | ")
                    .append(s.getLong("successful")).append(" (").append(s.getLong("answeredByPhones")).append(") | ").append(s.getLong("failed")).append(' ')
                    .append(s.getJsonObject("failedByCause").encode()).append(s.getLong("unfinished", 0L) > 0 ? " + " + s.getLong("unfinished") + " unfinished" : "").append(" | ").append(s.getLong("retransmissions"))
                    .append(" | ").append(l.getValue("p50")).append(" / ").append(l.getValue("p95")).append(" / ")
                    .append(l.getValue("p99")).append(" | ").append(s.getValue("cpuMsPerCall")).append(" | ")
                    .append(s.getValue("cores")).append(" | ").append(s.getJsonObject("cpuSecondsEach").encode()).append(" | ")
                    .append(s.getValue("callerSippCores")).append(" | ").append(s.getBoolean("meetsTarget") ? "met" : "missed").append(" |\n");
        }
    }
}
