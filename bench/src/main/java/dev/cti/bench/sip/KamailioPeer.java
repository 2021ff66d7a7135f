package dev.cti.bench.sip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kamailio as T1's peer: a stateful proxy (record_route + t_relay) in front of the same answering sipp the
 * gateway's agents use, pinned to the SUT's CPUs, with 2 UDP worker processes. Its CPU is read from /proc for
 * the main process and every child.
 */
public final class KamailioPeer implements AutoCloseable {

    private final Process process;

    private KamailioPeer(Process process) {
        this.process = process;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/kamailio"));
    }

    public static KamailioPeer start(Path dir, int port, int uasPort, String cpus) throws Exception {
        Files.createDirectories(dir);
        Path cfg = dir.resolve("kamailio.cfg");
        Files.writeString(cfg, """
                #!KAMAILIO
                debug=1
                log_stderror=yes
                children=2
                listen=udp:127.0.0.1:%d
                mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
                loadmodule "tm.so"
                loadmodule "sl.so"
                loadmodule "rr.so"
                loadmodule "pv.so"
                loadmodule "maxfwd.so"
                loadmodule "siputils.so"
                loadmodule "textops.so"
                request_route {
                    if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
                    if (has_totag()) {
                        if (loose_route()) { t_relay(); exit; }
                        if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
                        sl_send_reply("404", "Not here");
                        exit;
                    }
                    if (is_method("INVITE")) { record_route(); }
                    $du = "sip:127.0.0.1:%d";
                    if (!t_relay()) { sl_reply_error(); }
                    exit;
                }
                """.formatted(port, uasPort));
        List<String> cmd = new ArrayList<>();
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.addAll(List.of("/usr/sbin/kamailio", "-f", cfg.toString(), "-DD", "-E", "-m", "256", "-M", "16",
                "-P", dir.resolve("kamailio.pid").toString(), "-Y", dir.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kamailio.log").toFile()).start();
        Thread.sleep(1500);
        if (!p.isAlive()) {
            throw new IllegalStateException("kamailio exited " + p.exitValue() + ": " + Files.readString(dir.resolve("kamailio.log")));
        }
        return new KamailioPeer(p);
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
