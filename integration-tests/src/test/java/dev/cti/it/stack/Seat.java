package dev.cti.it.stack;

import dev.cti.agent.AgentSeat;
import dev.cti.agent.media.WavFiles;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** A running headless agent seat of the {@link Stack}, with its events and its recording. */
public record Seat(String agentId, AgentSeat seat, Events events, Path wav) {
    /** Runs one command line as the agent would type it; the answer ({@code ok} or {@code error} object). */
    public JsonObject run(String line) throws Exception {
        return seat.execute(line).get(15, TimeUnit.SECONDS);
    }

    /** Samples recorded so far (the WAV grows by 160 samples every 20 ms while a call is up). */
    public int recorded() throws Exception {
        return WavFiles.read(wav).length;
    }

    /** The recording from sample {@code from} to {@code to}. */
    public short[] heard(int from, int to) throws Exception {
        short[] all = WavFiles.read(wav);
        return Arrays.copyOfRange(all, from, Math.min(to, all.length));
    }
}
