package dev.cti.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * One of the processes of {@link EmbeddedPkiTest}'s race: waits for the go file, then makes the embedded set in
 * the data directory and prints the fingerprints it ended up with.
 */
public final class PkiRaceMain {
    private PkiRaceMain() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path go = Path.of(args[1]);
        // Load the classes and warm the key generator up before the start line, so both run the race itself together.
        PrivateCa.create("warm-up", Clock.systemUTC().instant(), new java.security.SecureRandom());
        System.out.println("ready");
        System.out.flush();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(go) && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        EmbeddedPki pki = EmbeddedPki.inDataDir(dataDir, Clock.systemUTC());
        String ca = pki.trust().fingerprint();
        String link = pki.ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of())).fingerprint();
        String gw = pki.ensure(EmbeddedPki.gatewayBundle("gw-1"), LeafSpec.gateway("gw-1")).fingerprint();
        System.out.println(ca + " " + link + " " + gw);
    }
}
