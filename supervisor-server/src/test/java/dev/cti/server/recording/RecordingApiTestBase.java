package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.RecordingConfig;
import dev.cti.config.UserConfig;
import dev.cti.link.message.AcknowledgeRecordings;
import dev.cti.link.message.RecordingSpan;
import dev.cti.link.message.RecordingStatus;
import dev.cti.link.message.RecordingStopped;
import dev.cti.recording.KeyFile;
import dev.cti.recording.RecordingHeader;
import dev.cti.recording.RecordingKey;
import dev.cti.recording.RecordingKeys;
import dev.cti.recording.RecordingWriter;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import dev.cti.server.store.CallRecord;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;

/**
 * The real server with a scripted gateway, the shipped people plus a supervisor and a QA user of the sales team
 * only, recordings in a temporary directory with a real key file, and two recorded calls indexed through the CTI
 * link: {@link #R_SERVICE} (agent 1001, team-service: 3 s, 440 Hz customer / 880 Hz agent side, 3 rings, a 65 s
 * hold, wrap-up resolved) and {@link #R_SALES} (agent 2001, team-sales: 1 s, 1 ring). Whether agents hear their
 * own calls is the subclass's.
 */
abstract class RecordingApiTestBase extends ScriptedGatewayApiBase {
    static final String R_SERVICE = "20261207-5f0c2a9e41d84b6c9d3e7f1a2b3c4d5e";
    static final String R_SALES = "20261207-00000000000000000000000000000002";
    static final String CALLER = "13812345678";
    static final String PASSWORD = TestConfigs.PASSWORD;
    private static final String HASH = TestConfigs.hashOf(PASSWORD);

    protected Path recordingDir;
    protected Path keyFile;
    protected RecordingKey key;
    protected long serviceStart;
    protected long salesStart;
    private final SecureRandom random = new SecureRandom();

    /** Whether agents may play their own calls ({@code recording.agentsHearOwnCalls}). */
    abstract boolean agentsHearOwnCalls();

    @Override
    protected CtiConfig configure(CtiConfig shipped) {
        CtiConfig c = TestConfigs.withMonitoringUsers(shipped);
        List<UserConfig> users = new ArrayList<>(c.users());
        users.add(new UserConfig("qa-sales", "QA of sales", UserConfig.Role.QA, HASH, Optional.empty(),
                List.of("team-sales")));
        recordingDir = tmp.resolve("recordings");
        keyFile = tmp.resolve("recording-keys.txt");
        RecordingConfig r = c.recording();
        return c.withUsers(users).withRecording(new RecordingConfig(Optional.of(recordingDir.toString()), Optional.of(keyFile.toString()),
                r.minFreeMegabytes(), r.retentionDays(), agentsHearOwnCalls(), r.defaultPolicy(), r.clickToDial(),
                r.queues()));
    }

    @BeforeEach
    void seedRecordings() throws Exception {
        assertThat(KeyFile.generateIfMissing(keyFile)).isTrue();
        key = RecordingKeys.open(keyFile).current();
        long now = System.currentTimeMillis();
        serviceStart = now - 600_000;
        salesStart = now - 300_000;
        await(server.store().recordCall(cdr("c-service", "service", "1001", 12_000, 65_000, serviceStart)));
        await(server.store().recordWrapUp(new WrapUpRecord("1001", "c-service", Optional.of("service"), "resolved",
                Optional.empty(), Cause.agent("1001"), Instant.ofEpochMilli(serviceStart + 200_000))));
        await(server.store().recordCall(cdr("c-sales", "sales", "2001", 3_000, 0, salesStart)));
        index(write(R_SERVICE, "c-service", serviceStart + 17_000, 3, key, true, 440, 880));
        index(write(R_SALES, "c-sales", salesStart + 8_000, 1, key, true, 440, 880));
    }

    static CallRecord cdr(String id, String queue, String agent, long ringMillis, long holdMillis, long start) {
        Instant s = Instant.ofEpochMilli(start);
        return new CallRecord(id, CallRecord.Direction.INBOUND, Optional.of(queue), Optional.of(CALLER),
                Optional.of("4008001000"), Optional.of(agent), CallRecord.Outcome.ANSWERED, Duration.ofSeconds(5),
                Duration.ofMillis(ringMillis), Duration.ofSeconds(100), Duration.ofMillis(holdMillis), Duration.ZERO,
                Optional.empty(), Optional.empty(), s, Optional.of(s.plusMillis(5_000 + ringMillis)),
                Optional.of(s.plusSeconds(200)));
    }

    /** The gateway's layout: {@code yyyy/MM/dd/<id>.ctirec}. */
    static String relative(String id, long startedAt) {
        LocalDate d = LocalDate.ofInstant(Instant.ofEpochMilli(startedAt), ZoneOffset.UTC);
        return String.format("%04d/%02d/%02d/%s.ctirec", d.getYear(), d.getMonthValue(), d.getDayOfMonth(), id);
    }

    /**
     * Writes {@code seconds} of a two-tone recording as the gateway does and returns its RecordingStopped (or, when
     * not finished, the open writer's metadata so far with status PARTIAL).
     */
    RecordingStopped write(String id, String callId, long startedAt, int seconds, RecordingKey with, boolean finish,
                           double leftHz, double rightHz) throws IOException {
        RecordingWriter w = open(id, startedAt, with);
        for (int s = 0; s < seconds; s++) {
            w.writeChunk(StereoTones.pcm(leftHz, rightHz, (long) s * StereoTones.RATE, StereoTones.RATE));
        }
        if (finish) {
            w.finish(new byte[0], 0);
        } else {
            w.close();
        }
        return new RecordingStopped(id, callId, relative(id, startedAt), finish ? RecordingStatus.COMPLETE
                : RecordingStatus.PARTIAL, null, startedAt, w.durationMillis(), w.fileBytes(), w.sha256Hex(),
                with.id(), 8000, 2, List.of(), List.of(new RecordingSpan(500, 1500)), startedAt + 100);
    }

    RecordingWriter open(String id, long startedAt, RecordingKey with) throws IOException {
        Path file = recordingDir.resolve(relative(id, startedAt));
        Files.createDirectories(file.getParent());
        return RecordingWriter.create(file, id, startedAt, with, random);
    }

    /** Sends the metadata over the link and waits for the server's acknowledgement (the row is committed). */
    void index(RecordingStopped stopped) {
        gateway.send(stopped);
        gateway.await(AcknowledgeRecordings.class, a -> a.recordingIds().contains(stopped.recordingId()));
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** GET as bytes, with an optional Range header; {@code token} as bearer, or none. */
    HttpResponse<byte[]> bytes(String path, String token, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Bytes of the WAV of {@code seconds} whole seconds: header plus PCM. */
    static long wavBytes(int seconds) {
        return RecordingHeader.CHUNK_BYTES * (long) seconds + 44;
    }

    long count(String action) throws Exception {
        return audit().stream().filter(e -> e.action().equals(action)).count();
    }
}
