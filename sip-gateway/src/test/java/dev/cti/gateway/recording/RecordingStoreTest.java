package dev.cti.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.link.message.RecordingSpan;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File layout, markers and sidecars of the recording directory. */
class RecordingStoreTest {
    @TempDir
    Path dir;

    @Test
    void anIdNamesItsDayDirectoryAndNothingElse() {
        String id = RecordingStore.newId(Instant.parse("2026-12-07T23:59:59Z"), new Random(1));
        assertThat(id).matches("20261207-[0-9a-f]{32}");
        assertThat(RecordingStore.relativeFile(id)).isEqualTo("2026/12/07/" + id + ".ctirec");
        for (String bad : new String[] {"../../etc/passwd", "20261207-XYZ", "20261207-" + "0".repeat(31) + "/",
                "", null, "2026/12/07/x"}) {
            assertThat(RecordingStore.validId(bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThatThrownBy(() -> RecordingStore.relativeFile("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void markersMoveFromActiveToOutboxAndSidecarsAreReplacedWhole() throws Exception {
        RecordingStore store = new RecordingStore(dir);
        store.init();
        String id = RecordingStore.newId(Instant.now(), new Random(2));
        store.beginRecording(id);
        assertThat(store.activeIds()).containsExactly(id);
        store.writeSidecar(id, Sidecar.recording(id, "c-1", RecordingStore.relativeFile(id), 5, "k1",
                List.of(new RecordingSpan(100, 200)), List.of(), null, 700L));
        JsonObject read = store.readSidecar(id);
        assertThat(Sidecar.isFinished(read)).isFalse();
        List<List<RecordingSpan>> spans = Sidecar.spansClosedAt(read, 900);
        assertThat(spans.get(0)).containsExactly(new RecordingSpan(100, 200));
        assertThat(spans.get(1)).as("the open hold closed at the true end").containsExactly(new RecordingSpan(700, 900));
        store.finished(id);
        assertThat(store.activeIds()).isEmpty();
        assertThat(store.outboxIds()).containsExactly(id);
        try (var files = Files.list(store.sidecar(id).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactly(id + ".json");
        }
        Files.writeString(store.file(id), "x");
        assertThat(store.delete(id)).isTrue();
        assertThat(store.outboxIds()).isEmpty();
        assertThat(store.delete(id)).isFalse();
    }
}
