package dev.cti.bench.server;

import dev.cti.config.PasswordHash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a configuration directory of realistic size (N queues, M agents with one user each, an admin) in the
 * YAML format of conf/*.yaml, listening on free loopback ports. One password hash is computed once and reused
 * for every user (hashing thousands at 600,000 PBKDF2 iterations would take minutes and measures nothing).
 */
public final class ConfigGenerator {

    /** Password of every generated user. */
    public static final String PASSWORD = "bench-password";

    /** Ports the generated configuration listens on. */
    public record Ports(int http, int ctiLink, int gatewayAdmin, int sip, int rtpMin, int rtpMax) {}

    private ConfigGenerator() {}

    public static Ports freePorts() {
        return new Ports(freePort(), freePort(), freePort(), freePort(), 0, 0);
    }

    /** Agent id number i (0-based): a0001... */
    public static String agentId(int i) {
        return String.format("a%04d", i + 1);
    }

    public static String extension(int i) {
        return String.format("7%04d", i + 1);
    }

    public static void write(Path dir, int queues, int agents, Ports ports) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        writeSilence(dir.resolve("greeting.wav"), 800);
        writeSilence(dir.resolve("music.wav"), 8000);
        // the gateway loads the announcement parts from the greeting's directory
        for (String part : new String[] {"you-are-caller-number", "in-the-queue", "estimated-wait", "minutes", "sorry-please-hold"}) {
            writeSilence(dir.resolve(part + ".wav"), 400);
        }
        Files.createDirectories(dir.resolve("digits"));
        for (int d = 0; d < 10; d++) {
            writeSilence(dir.resolve("digits").resolve(d + ".wav"), 400);
        }
        String hash = PasswordHash.hash(PASSWORD.toCharArray());
        int teams = Math.max(1, Math.min(50, agents / 40));

        StringBuilder site = new StringBuilder();
        site.append("site:\n  company: { zh-CN: 基准测试, en: Bench }\n  defaultLanguage: en\n\n")
                .append("network:\n")
                .append("  server: { host: 127.0.0.1, httpPort: ").append(ports.http())
                .append(", https: { port: 0 },")
                // T5 opens every dashboard with the one admin session: lift the per-session socket cap for it.
                .append(" sessions: { maxSocketsPerSession: 100000 } }\n")
                .append("  sip: { host: 127.0.0.1, udpPort: ").append(ports.sip()).append(", tcpPort: 0, maxCalls: 5000, ")
                .append("maxRequestsPerSecondPerSource: 100000, tls: { port: 0 } }\n"); // plain UDP is measured
        if (ports.rtpMin() > 0) {
            site.append("  rtp: { host: 127.0.0.1, portMin: ").append(ports.rtpMin()).append(", portMax: ")
                    .append(ports.rtpMax()).append(" }\n");
        }
        site.append("  ctiLink: { host: 127.0.0.1, port: ").append(ports.ctiLink()).append(" }\n")
                .append("  gatewayAdmin: { host: 127.0.0.1, httpPort: ").append(ports.gatewayAdmin()).append(" }\n\n")
                .append("storage:\n  dataDir: ").append(data.toAbsolutePath()).append("\n\n")
                .append("trunks:\n  - { id: pbx, host: 127.0.0.1, port: 5070, transport: udp }\n\n")
                .append("notReadyReasons:\n  - code: break\n    label: { zh-CN: 小休, en: Break }\n\n")
                .append("wrapUpCodes:\n  - code: resolved\n    label: { zh-CN: 已解决, en: Resolved }\n    category: success\n");
        Files.writeString(dir.resolve("site.yaml"), site.toString());

        StringBuilder q = new StringBuilder("skills:\n  - id: general\n    name: { zh-CN: 通用, en: General }\n\nqueues:\n");
        for (int i = 0; i < queues; i++) {
            q.append("  - id: q").append(String.format("%02d", i + 1)).append('\n')
                    .append("    name: { zh-CN: 队列").append(i + 1).append(", en: Queue ").append(i + 1).append(" }\n")
                    .append("    numbers: [\"").append(String.format("400800%04d", i + 1)).append("\"]\n")
                    .append("    requiredSkills: { general: 1 }\n")
                    .append("    wrapUpSeconds: 1\n    wrapUpCodeRequired: false\n")
                    .append("    prompts: { greeting: greeting.wav, music: music.wav, announceEverySeconds: 0 }\n");
        }
        Files.writeString(dir.resolve("queues.yaml"), q.toString());

        StringBuilder p = new StringBuilder("teams:\n");
        for (int t = 0; t < teams; t++) {
            p.append("  - id: t").append(t + 1).append("\n    name: { zh-CN: 组").append(t + 1).append(", en: Team ")
                    .append(t + 1).append(" }\n");
        }
        p.append("\nagents:\n");
        for (int i = 0; i < agents; i++) {
            p.append("  - { id: \"").append(agentId(i)).append("\", name: Agent ").append(i + 1)
                    .append(", workNumber: \"").append(agentId(i)).append("\", extension: \"").append(extension(i))
                    .append("\", sipPassword: bench-sip-").append(i + 1).append(", skills: { general: 5 }, team: t")
                    .append(i % teams + 1).append(" }\n");
        }
        p.append("\nusers:\n  - { username: admin, role: admin, passwordHash: \"").append(hash).append("\" }\n");
        for (int i = 0; i < agents; i++) {
            p.append("  - { username: \"").append(agentId(i)).append("\", role: agent, agent: \"").append(agentId(i))
                    .append("\", passwordHash: \"").append(hash).append("\" }\n");
        }
        Files.writeString(dir.resolve("people.yaml"), p.toString());
    }

    /** An 8 kHz mono 16-bit PCM WAV of silence. */
    static void writeSilence(Path file, int samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(samples * 2);
        Files.write(file, b.array());
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
