package dev.cti.bench.media;

import dev.cti.recording.RecordingHeader;
import dev.cti.recording.RecordingKeys;
import dev.cti.recording.RecordingReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, in the bench's JVM and as the server would read them, every file a T3 step recorded: each opens with the
 * key file and decrypts chunk by chunk (every chunk authenticates), has the size and SHA-256 the gateway reported,
 * is complete with the length the gateway reported, and that length is the time between the recording's start and
 * its stop. It also measures how much audio each channel carries (20 ms blocks that are not digital silence), which
 * must cover the time the phones sent. A file failing the first checks is broken: {@link #check} throws, so a
 * benchmark that writes broken files fails loudly.
 */
final class RecordedFiles {

    /** A 20 ms block of one channel counts as audio when any of its samples is not zero. */
    static final int BLOCK = RecordingHeader.SAMPLE_RATE / 50;

    private RecordedFiles() {}

    /**
     * @param lines          the SUT's answer to {@code stop-recordings}
     * @param keyFile        the SUT's key file
     * @param sendingSeconds how long the phones sent: each channel must carry at least 90 % of it
     * @return the figures; {@code short} counts files with less audio than that on a channel
     * @throws IllegalStateException naming the broken files, if any
     */
    static JsonObject check(List<String> lines, Path keyFile, double sendingSeconds) throws IOException {
        RecordingKeys keys = RecordingKeys.open(keyFile);
        List<String> broken = new ArrayList<>();
        int files = 0;
        int complete = 0;
        int failed = 0;
        int shortAudio = 0;
        long bytes = 0;
        double minAudioLeft = Double.MAX_VALUE;
        double minAudioRight = Double.MAX_VALUE;
        long minDuration = Long.MAX_VALUE;
        long maxDuration = 0;
        JsonObject stopped = new JsonObject();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f[0].equals("stopped")) {
                for (int i = 1; i < f.length; i++) {
                    int eq = f[i].indexOf('=');
                    stopped.put(f[i].substring(0, eq), Long.parseLong(f[i].substring(eq + 1)));
                }
                continue;
            }
            files++;
            // rec ID FILE STATUS FAILURE DURATION_MS SIZE SHA256 MIN_MS MAX_MS
            String id = f[1];
            Path file = Path.of(f[2]);
            boolean isComplete = f[3].equals("COMPLETE");
            long duration = Long.parseLong(f[5]);
            long size = Long.parseLong(f[6]);
            long min = Long.parseLong(f[8]);
            long max = Long.parseLong(f[9]);
            if (!isComplete) {
                failed++;   // e.g. WRITER_OVERLOAD: the file keeps what was written; it must still decrypt
            }
            try {
                long onDisk = Files.size(file);
                bytes += onDisk;
                String problem = onDisk != size ? "size " + onDisk + " on disk, " + size + " reported"
                        : !RecordingReader.sha256Hex(file).equals(f[7]) ? "SHA-256 differs from the one reported"
                        : null;
                if (problem == null) {
                    try (RecordingReader r = RecordingReader.open(file, keys)) {
                        double[] audio = audioSeconds(r);
                        problem = r.complete() != isComplete ? "complete=" + r.complete() + " but status " + f[3]
                                : r.durationMillis() != duration ? "plays " + r.durationMillis() + " ms, " + duration + " reported"
                                : isComplete && (duration < min || duration > max)
                                ? "plays " + duration + " ms, expected " + min + "-" + max + " ms" : null;
                        if (isComplete) {
                            complete++;
                            minDuration = Math.min(minDuration, duration);
                            maxDuration = Math.max(maxDuration, duration);
                            minAudioLeft = Math.min(minAudioLeft, audio[0]);
                            minAudioRight = Math.min(minAudioRight, audio[1]);
                            if (Math.min(audio[0], audio[1]) < 0.9 * sendingSeconds) {
                                shortAudio++;
                            }
                        }
                    }
                }
                if (problem != null) {
                    broken.add(id + ": " + problem);
                }
            } catch (IOException | RuntimeException e) {
                broken.add(id + ": " + e);
            }
        }
        if (!broken.isEmpty()) {
            throw new IllegalStateException(broken.size() + " of " + files + " recorded files are broken: "
                    + String.join("; ", broken.subList(0, Math.min(5, broken.size()))));
        }
        return new JsonObject().put("files", files).put("complete", complete).put("failed", failed)
                .put("broken", 0).put("shortAudio", shortAudio).put("bytesOnDisk", bytes)
                .put("durationMsMin", complete == 0 ? null : minDuration)
                .put("durationMsMax", complete == 0 ? null : maxDuration)
                .put("audioSecondsMin", new JsonArray().add(complete == 0 ? null : round(minAudioLeft))
                        .add(complete == 0 ? null : round(minAudioRight)))
                .put("phonesSentSeconds", round(sendingSeconds))
                .put("droppedAhead", stopped.getLong("droppedAhead")).put("droppedLate", stopped.getLong("droppedLate"));
    }

    /** Decrypts every chunk; seconds of audio (non-silent 20 ms blocks) on the left and right channel. */
    static double[] audioSeconds(RecordingReader r) throws IOException {
        long[] blocks = new long[2];
        int frame = RecordingHeader.FRAME_BYTES;
        long position = 0;   // samples from the start: blocks are aligned on the file's timeline
        boolean[] heard = new boolean[2];
        for (long c = 0; c < r.chunkCount(); c++) {
            byte[] pcm = r.chunk(c);
            for (int i = 0; i + frame <= pcm.length; i += frame, position++) {
                if (position % BLOCK == 0) {
                    count(blocks, heard);
                }
                heard[0] |= pcm[i] != 0 || pcm[i + 1] != 0;
                heard[1] |= pcm[i + 2] != 0 || pcm[i + 3] != 0;
            }
        }
        count(blocks, heard);
        return new double[] {blocks[0] / 50.0, blocks[1] / 50.0};
    }

    private static void count(long[] blocks, boolean[] heard) {
        for (int ch = 0; ch < 2; ch++) {
            if (heard[ch]) {
                blocks[ch]++;
                heard[ch] = false;
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
