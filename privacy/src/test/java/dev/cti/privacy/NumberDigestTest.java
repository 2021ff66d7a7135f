package dev.cti.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumberDigestTest {
    @TempDir
    Path dir;

    @Test
    void the_same_number_matches_under_one_key_and_nothing_under_another() throws Exception {
        NumberDigest a = NumberDigest.fromKeyFile(dir.resolve("a/number-key"), new SecureRandom());
        NumberDigest b = NumberDigest.fromKeyFile(dir.resolve("b/number-key"), new SecureRandom());
        String d = a.of("13812345678");
        assertThat(d).startsWith(NumberDigest.PREFIX).hasSize(NumberDigest.PREFIX.length() + 32)
                .doesNotContain("13812345678").doesNotContain("5678");
        assertThat(a.of("13812345678")).isEqualTo(d);
        assertThat(a.of("13812345679")).isNotEqualTo(d);
        assertThat(b.of("13812345678")).as("another key").isNotEqualTo(d);
    }

    @Test
    void the_key_file_is_made_once_owner_only_and_read_back() throws Exception {
        Path file = dir.resolve("data/number-key");
        NumberDigest first = NumberDigest.fromKeyFile(file, new SecureRandom());
        NumberDigest again = NumberDigest.fromKeyFile(file, new SecureRandom());
        assertThat(again.of("4001")).isEqualTo(first.of("4001"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void a_damaged_key_file_is_an_error_saying_which() throws Exception {
        Path file = dir.resolve("number-key");
        Files.writeString(file, "not base64 at all!");
        assertThatThrownBy(() -> NumberDigest.fromKeyFile(file, new SecureRandom())).hasMessageContaining(file.toString());
        Files.writeString(file, "c2hvcnQ=");
        assertThatThrownBy(() -> NumberDigest.fromKeyFile(file, new SecureRandom())).as("too short")
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() -> new NumberDigest(new byte[16])).hasMessageContaining("256 bits");
    }
}
