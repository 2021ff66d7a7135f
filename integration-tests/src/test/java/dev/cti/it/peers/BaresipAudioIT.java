package dev.cti.it.peers;

import static dev.cti.it.stack.Audio.HEARS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Stack;
import dev.cti.server.agent.AgentState;
import dev.cti.testpeers.Baresip;
import dev.cti.testpeers.Wav;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 with real phones on both sides: baresip as the customer (440 Hz, dialling the service hotline from the
 * trunk address without registering) and baresip as agent 1001's desk phone (880 Hz, registered with digest,
 * auto-answering), the agent logged in and READY over REST. Over real RTP through the gateway each side receives the
 * other's tone and not its own (checked by Goertzel on what each baresip recorded); while the agent's phone holds
 * the call the customer receives the music-on-hold (which has no 440/880 content) and not the agent; after resume
 * the agent again.
 */
class BaresipAudioIT {
    private static final Duration T = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    private Stack stack;
    private Baresip agentPhone;
    private Baresip customer;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {customer, agentPhone, stack}) {
            if (c != null) c.close();
        }
    }

    @Test
    void eachSideHearsTheOtherAndHoldGivesTheCustomerMusic() throws Exception {
        Baresip.require();
        // baresip 1.0 (libre 1.1) reads only the first WWW-Authenticate and gives up on SHA-256: the gateway offers it
        // MD5 alone, as docs/GATEWAY.md says to do for such phones
        stack = Stack.start(dir, Map.of(), SipEndpoint.Options.defaults().withMd5OnlyUserAgents(List.of("baresip")));
        int gw = stack.config().network().sip().udpPort();
        String domain = stack.config().network().sip().domain();

        agentPhone = Baresip.start(dir.resolve("agent"), "<sip:1001@" + domain + ">;auth_pass=demo-sip-1001"
                + ";outbound=\"sip:127.0.0.1:" + gw + "\";regint=600;answermode=auto;audio_codecs=PCMU",
                Wav.tone(dir.resolve("agent-880.wav"), 880, 120));
        // baresip registers at start-up, possibly before our control connection is there to see REGISTER_OK:
        // the registrar's view, as the server has it, is what counts
        try {
            await("1001 registered as the server sees it").atMost(T).until(() -> stack.server().calls()
                    .registeredExtensions().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)
                    .contains("1001"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n---- baresip.log\n" + agentPhone.log(), e);
        }

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + stack.server().httpPort();
        String token = login(http, base);
        assertThat(setState(http, base, token, "LOGGED_IN")).isEqualTo(200);
        assertThat(setState(http, base, token, "READY")).isEqualTo(200);
        assertThat(stack.agent("1001").state()).isEqualTo(AgentState.READY);

        customer = Baresip.start(dir.resolve("customer"), "<sip:13800000004@127.0.0.1>;regint=0;audio_codecs=PCMU",
                Wav.tone(dir.resolve("customer-440.wav"), 440, 120));
        customer.command("dial", "sip:4008001000@127.0.0.1:" + gw);

        // routed to 1001, whose baresip answers by itself
        agentPhone.awaitEvent("CALL_ESTABLISHED", T);
        await("1001 on the call").atMost(T).until(() -> stack.agent("1001").state() == AgentState.ON_CALL);

        short[] agentHears = Audio.next(agentPhone::recorded, agentPhone::heard, 600, 2);
        short[] customerHears = Audio.next(customer::recorded, customer::heard, 0, 2);
        assertThat(Audio.share(agentHears, 440)).as("agent hears the customer").isGreaterThan(HEARS);
        assertThat(Audio.share(agentHears, 880)).as("agent does not hear itself").isLessThan(0.05);
        assertThat(Audio.share(customerHears, 880)).as("customer hears the agent").isGreaterThan(HEARS);
        assertThat(Audio.share(customerHears, 440)).as("customer does not hear itself").isLessThan(0.05);

        // hold from the agent's phone (re-INVITE): the customer hears music, not the agent
        agentPhone.command("hold", "");
        await("the server sees the hold").atMost(T).until(() -> stack.agent("1001").held());
        short[] onHold = Audio.next(customer::recorded, customer::heard, 500, 1.5);
        assertThat(Audio.share(onHold, 880)).as("customer on hold does not hear the agent").isLessThan(0.05);
        assertThat(Audio.share(onHold, 440)).as("customer on hold does not hear itself").isLessThan(0.05);
        assertThat(Audio.rms(onHold)).as("customer on hold hears music, not silence").isGreaterThan(200);

        agentPhone.command("resume", "");
        await("the server sees the resume").atMost(T).until(() -> !stack.agent("1001").held());
        short[] resumed = Audio.next(customer::recorded, customer::heard, 500, 1);
        assertThat(Audio.share(resumed, 880)).as("customer hears the agent again after resume")
                .isGreaterThan(HEARS);

        customer.command("hangup", "");
        await("1001 in wrap-up").atMost(T).until(() -> stack.agent("1001").state() == AgentState.WRAP_UP);
    }

    private static String login(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"1001\",\"password\":\"demo-1001\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    private static int setState(HttpClient http, String base, String token, String state) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/agents/1001/state"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("state", state).encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
