package dev.cti.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPkiTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path data;

    private EmbeddedPki pki(Instant at) {
        return new EmbeddedPki(data.resolve("pki"), Clock.fixed(at, ZoneOffset.UTC), new SecureRandom());
    }

    @Test
    void first_start_generates_ca_and_leaves_with_private_keys_readable_by_the_owner_only() throws Exception {
        EmbeddedPki p = pki(NOW);
        Credential link = p.ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of()));
        p.ensure(EmbeddedPki.gatewayBundle("gw-1"), LeafSpec.gateway("gw-1"));
        p.ensure(EmbeddedPki.HTTPS, LeafSpec.httpsServer(List.of()));
        Path dir = data.resolve("pki");
        for (String bundle : List.of("ca", "link-server", "gateway-gw-1", "https")) {
            assertThat(mode(dir.resolve(bundle))).as(bundle + "/").isEqualTo("rwx------");
            assertThat(mode(dir.resolve(bundle).resolve("key.pem"))).as(bundle + "/key.pem").isEqualTo("rw-------");
            assertThat(mode(dir.resolve(bundle).resolve("cert.pem"))).as(bundle + "/cert.pem").isEqualTo("rw-r--r--");
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        try (var s = Files.list(dir)) {
            assertThat(s.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
                    .as("no temporary directory left").isEqualTo(Set.of("ca", "link-server", "gateway-gw-1", "https"));
        }
        assertThat(Files.readString(dir.resolve("ca/key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(p.trust().certificates().get(0).getPublicKey()).isNotNull();
        assertThat(PrivateCa.issuedBy(link.certificate(), p.trust().certificates().get(0).getPublicKey())).isTrue();
    }

    @Test
    void a_second_start_reuses_everything() throws Exception {
        EmbeddedPki first = pki(NOW);
        String ca = first.trust().fingerprint();
        String link = first.ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of("127.0.0.1"))).fingerprint();
        var mtime = Files.getLastModifiedTime(data.resolve("pki/link-server/cert.pem"));

        EmbeddedPki second = pki(NOW.plus(Duration.ofDays(100)));
        assertThat(second.trust().fingerprint()).isEqualTo(ca);
        assertThat(second.ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of())).fingerprint()).isEqualTo(link);
        assertThat(Files.getLastModifiedTime(data.resolve("pki/link-server/cert.pem"))).isEqualTo(mtime);
    }

    @Test
    void a_certificate_that_no_longer_covers_the_configuration_or_expires_soon_is_issued_anew_by_the_same_ca() {
        EmbeddedPki p = pki(NOW);
        String ca = p.trust().fingerprint();
        Credential loopback = p.ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of()));
        LeafSpec twoHosts = LeafSpec.linkServer(List.of("10.0.0.5"));
        Credential moved = p.ensure(EmbeddedPki.LINK_SERVER, twoHosts);
        assertThat(moved.fingerprint()).isNotEqualTo(loopback.fingerprint());
        assertThat(twoHosts.covers(moved.certificate())).isTrue();

        EmbeddedPki later = pki(NOW.plus(PrivateCa.LEAF_VALIDITY).minus(Duration.ofDays(10)));
        Credential renewed = later.ensure(EmbeddedPki.LINK_SERVER, twoHosts);
        assertThat(renewed.fingerprint()).isNotEqualTo(moved.fingerprint());
        assertThat(later.trust().fingerprint()).isEqualTo(ca);
    }

    @Test
    void without_the_ca_key_existing_certificates_still_load_and_a_missing_one_is_a_clear_error() throws Exception {
        EmbeddedPki p = pki(NOW);
        String link = p.ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of())).fingerprint();
        Files.move(data.resolve("pki/ca/key.pem"), data.resolve("ca-key-offline.pem"));

        EmbeddedPki offline = pki(NOW);
        assertThat(offline.ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of())).fingerprint()).isEqualTo(link);
        assertThatThrownBy(() -> offline.ensure(EmbeddedPki.gatewayBundle("gw-2"), LeafSpec.gateway("gw-2")))
                .isInstanceOf(PkiException.class).hasMessageContaining("gateway-gw-2")
                .hasMessageContaining("CA key is not in");
    }

    @Test
    void a_broken_key_file_is_reported_with_its_path() throws Exception {
        pki(NOW).ensure(EmbeddedPki.HTTPS, LeafSpec.httpsServer(List.of()));
        Files.writeString(data.resolve("pki/https/key.pem"), "not a key");
        assertThatThrownBy(() -> pki(NOW).ensure(EmbeddedPki.HTTPS, LeafSpec.httpsServer(List.of())))
                .isInstanceOf(PkiException.class).hasMessageContaining("https/key.pem");
    }

    @Test
    void threads_racing_on_a_fresh_directory_all_end_with_the_same_ca_and_certificates() throws Exception {
        int n = 6;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<String> task = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    EmbeddedPki p = pki(NOW);
                    return p.trust().fingerprint() + " "
                            + p.ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of())).fingerprint();
                };
                results.add(pool.submit(task));
            }
            Set<String> distinct = new java.util.HashSet<>();
            for (Future<String> f : results) {
                distinct.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(distinct.iterator().next()).isEqualTo(pki(NOW).trust().fingerprint() + " "
                    + pki(NOW).ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of())).fingerprint());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void two_processes_starting_at_once_agree_on_one_ca_and_one_set_of_certificates() throws Exception {
        Path go = data.resolve("go");
        List<Process> processes = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), PkiRaceMain.class.getName(),
                        data.toString(), go.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                processes.add(p);
                outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader out : outputs) {
                assertThat(out.readLine()).isEqualTo("ready");
            }
            Files.createFile(go);
            List<String> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(outputs.get(i).readLine());
                assertThat(processes.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(processes.get(i).exitValue()).isZero();
            }
            assertThat(results.get(0)).isNotNull().isEqualTo(results.get(1));
            EmbeddedPki after = pki(Instant.now());
            assertThat(results.get(0)).startsWith(after.trust().fingerprint() + " "
                    + after.ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of())).fingerprint());
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
