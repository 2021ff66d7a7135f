package dev.cti.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
    @TempDir
    Path dir;

    private static final String K32 = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void lastKeyIsCurrentAndCommentsAreIgnored() throws Exception {
        Path f = dir.resolve("keys");
        Files.writeString(f, "# keys\n\nk1 " + K32 + "\n  # another comment\nk2\t" + K32 + "\n");
        KeyRing ring = KeyFile.read(f);
        assertThat(ring.keys()).extracting(RecordingKey::id).containsExactly("k1", "k2");
        assertThat(ring.current().id()).isEqualTo("k2");
        assertThat(ring.find("k1")).isPresent();
        assertThat(ring.find("k3")).isEmpty();
        assertThat(ring.current().toString()).doesNotContain(K32);
    }

    @Test
    void mistakesAreReportedWithFileAndLine() throws Exception {
        Path f = dir.resolve("keys");
        assertError(f, "k1 " + K32 + "\nk2\n", f + ":2: expected '<keyId> <base64 key>', got 1 fields");
        assertError(f, "k/1 " + K32 + "\n", f + ":1: key id must be 1-64 letters, digits, '.', '_' or '-'");
        assertError(f, "# c\nk1 not*base64\n", f + ":2: key k1 is not valid base64");
        assertError(f, "k1 " + Base64.getEncoder().encodeToString(new byte[16]) + "\n",
                f + ":1: key k1 is 16 bytes; AES-256 needs 32");
        assertError(f, "k1 " + K32 + "\nk1 " + K32 + "\n", f + ":2: key id k1 appears twice");
        assertError(f, "# nothing\n", f + ":0: no key in the file");
        assertThatThrownBy(() -> KeyFile.read(dir.resolve("missing")))
                .isInstanceOf(KeyFileException.class).hasMessageEndingWith("missing:0: no such file");
    }

    private static void assertError(Path f, String content, String message) throws Exception {
        Files.writeString(f, content);
        assertThatThrownBy(() -> KeyFile.read(f)).isInstanceOf(KeyFileException.class).hasMessage(message);
    }

    @Test
    void generatedOncePrivateAndReadable() throws Exception {
        Path f = dir.resolve("sub/keys");
        assertThat(KeyFile.generateIfMissing(f)).isTrue();
        assertThat(KeyFile.generateIfMissing(f)).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(Files.readString(f)).contains("BACK THIS FILE UP");
        assertThat(KeyFile.read(f).keys()).hasSize(1);
        try (var files = Files.list(f.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(f);
        }
    }

    @Test
    void racingGeneratorsAgreeOnOneKey() throws Exception {
        Path f = dir.resolve("keys");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return KeyFile.generateIfMissing(f);
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Boolean> r : results) {
                created += r.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
            assertThat(KeyFile.read(f).keys()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rotationAppendsAndRefusesADuplicateId() throws Exception {
        Path f = dir.resolve("keys");
        Files.writeString(f, "k1 " + K32); // no newline at the end
        KeyFile.appendNewKey(f, "k2");
        assertThat(KeyFile.read(f).current().id()).isEqualTo("k2");
        assertThatThrownBy(() -> KeyFile.appendNewKey(f, "k1")).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("key id k1 exists already");
    }
}
