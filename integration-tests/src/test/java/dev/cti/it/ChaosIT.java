package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.it.chaos.Chaos;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "The chaos test", short form (about 2-3 minutes): the real server, gateway and PostgreSQL as processes,
 * 20 headless agents answering with tones, holding and wrapping up, six customer lines calling the two queues, all on
 * loopback; one round of faults; then every call the load placed must be stored with the right outcome, every state
 * change the agents made and every wrap-up they sent must be in the database, no established call dropped, and the
 * calls sampled at each fault must carry both parties' tones second by second through it.
 *
 * <p>The short form's round is every fault once, 12 s of steady load apart: the link cut for 10 s, a kill -9 of the
 * server (started again at once, it restores its agents and calls from the records and the gateway's snapshot), a
 * kill -9 of PostgreSQL (started again; the server's pool reconnects and its writes wait meanwhile), and the gateway's
 * SIGTERM drain (and restart). {@code bin/cti chaos} runs rounds of the same faults for as long as it is asked
 * (docs/RELIABILITY.md has the measured figures).
 */
class ChaosIT {
    static final String SHORT_FORM = "link-cut,server-kill,postgres-kill,gateway-drain";

    @TempDir
    Path dir;

    @Test
    void oneRoundOfFaultsUnderLoadLosesAndDropsNothing() throws Exception {
        JsonObject report = Chaos.runFromProperties(dir, SHORT_FORM);
        assertThat(report.getJsonObject("calls").getLong("answeredByAgents")).as("the load reached the agents")
                .isGreaterThan(10);
        assertThat(report.getJsonObject("agentStateChanges").getLong("holds")).as("the agents held calls")
                .isPositive();
        for (Object o : report.getJsonArray("checks")) {
            JsonObject c = (JsonObject) o;
            assertThat(c.getBoolean("ok")).as(c.getString("check") + ": expected " + c.getString("expected")
                    + ", measured " + c.getString("measured") + "\n" + report.encodePrettily()).isTrue();
        }
    }
}
