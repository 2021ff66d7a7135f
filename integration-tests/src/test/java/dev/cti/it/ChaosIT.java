package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.it.chaos.Chaos;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "The chaos test", short form (about 3 minutes): the real server, gateway and PostgreSQL as processes,
 * 20 headless agents answering with tones, holding and wrapping up, six customer lines calling the two queues, all on
 * loopback; one round of faults; then every call the load placed must be stored with the right outcome, every state
 * change the agents made and every wrap-up they sent must be in the database, no established call dropped, and the
 * calls sampled at each fault must carry both parties' tones second by second through it.
 *
 * <p>The short form's round is every fault once: the link cut for 10 s, the server killed (kill -9) and started again,
 * PostgreSQL killed and started again, the gateway stopped with SIGTERM (it drains) and started again.
 * {@code bin/cti chaos} repeats the round for as long as asked (docs/RELIABILITY.md).
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
