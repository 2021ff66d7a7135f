package dev.cti.link.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.link.LinkProtocolException;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.Originate;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.Transfer;
import dev.cti.link.testing.LinkSamples;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkCodecTest {

    private static final String GOOD_OFFER = LinkCodec.encode(new Envelope(7,
            new CallOffered("c-1", "sales", "13812345678", "4008001234", "trunk-1", LinkSamples.T0)));

    @Test
    void everyRegisteredTypeRoundTrips() {
        Map<Class<? extends LinkMessage>, LinkMessage> samples = LinkSamples.all();
        long seq = 1;
        for (MessageRegistry.MessageType<?> type : MessageRegistry.standard().all()) {
            LinkMessage sample = samples.get(type.type());
            assertThat(sample).as("LinkSamples has no sample of %s: add one", type.name()).isNotNull();

            Buffer line = LinkCodec.encodeLine(seq, sample);
            assertThat(line.getByte(line.length() - 1)).isEqualTo((byte) '\n');
            String text = line.toString().substring(0, line.length() - 1);
            assertThat(text).doesNotContain("\n");
            JsonObject json = new JsonObject(text);
            assertThat(json.fieldNames()).containsExactlyInAnyOrder("seq", "type", "body");
            assertThat(json.getString("type")).isEqualTo(type.name());
            assertThat(json.getLong("seq")).isEqualTo(seq);

            Envelope decoded = LinkCodec.decode(text);
            assertThat(decoded.seq()).isEqualTo(seq);
            assertThat(decoded.message()).as(type.name()).isEqualTo(sample);
            seq++;
        }
        assertThat(samples.keySet()).as("samples of unregistered types")
                .allSatisfy(c -> assertThat(MessageRegistry.standard().all()).anyMatch(t -> t.type() == c));
    }

    @Test
    void everyRecordOfTheSealedHierarchyIsRegistered() {
        List<Class<?>> leaves = new ArrayList<>();
        collectLeaves(LinkMessage.class, leaves);
        assertThat(leaves).hasSizeGreaterThan(20);
        for (Class<?> leaf : leaves) {
            assertThat(MessageRegistry.standard().byName(leaf.getSimpleName()))
                    .as("%s is a LinkMessage but not in MessageRegistry", leaf.getSimpleName())
                    .hasValueSatisfying(t -> assertThat(t.type()).isEqualTo(leaf));
        }
        assertThat(MessageRegistry.standard().all()).hasSize(leaves.size());
    }

    private static void collectLeaves(Class<?> type, List<Class<?>> out) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collectLeaves(sub, out);
            }
        } else {
            out.add(type);
        }
    }

    @Test
    void nullableFieldsAreLeftOutAndReadBackAsNull() {
        Snapshot snapshot = LinkSamples.snapshot();
        JsonObject queued = new JsonObject(LinkCodec.encode(new Envelope(1, snapshot)))
                .getJsonObject("body").getJsonArray("calls").getJsonObject(0);
        assertThat(queued.containsKey("agentId")).isFalse();
        assertThat(queued.containsKey("answeredAt")).isFalse();
        // explicit null is accepted too
        String withNull = GOOD_OFFER.replace("\"body\":{", "\"body\":{\"extra\":null,");
        assertThat(LinkCodec.decode(withNull).message()).isInstanceOf(CallOffered.class);
    }

    @Test
    void truncatedJsonSaysItIsNotJson() {
        assertThatThrownBy(() -> LinkCodec.decode(GOOD_OFFER.substring(0, GOOD_OFFER.length() - 9)))
                .isInstanceOf(LinkProtocolException.class)
                .hasMessageStartingWith("envelope: not a JSON object")
                .extracting(e -> ((LinkProtocolException) e).where()).isEqualTo("envelope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "42", "\"text\"", "{", " "})
    void nonObjectsAreRejected(String line) {
        assertThatThrownBy(() -> LinkCodec.decode(line)).isInstanceOf(LinkProtocolException.class)
                .hasMessageStartingWith("envelope");
    }

    @Test
    void anInternalOriginateNamesTheColleagueInsteadOfANumber() {
        Originate internal = Originate.internal("dial-2", "a-7", "1007", "9001", "9001");
        String line = LinkCodec.encode(new Envelope(3, internal));
        assertThat(line).isEqualTo("{\"seq\":3,\"type\":\"Originate\",\"body\":{\"requestId\":\"dial-2\","
                + "\"agentId\":\"a-7\",\"extension\":\"1007\",\"targetAgentId\":\"9001\",\"targetExtension\":\"9001\"}}");
        assertThat(LinkCodec.decode(line).message()).isEqualTo(internal);
        assertThat(((Originate) LinkCodec.decode(line).message()).internal()).isTrue();
        assertThat(new Originate("r", "a", "1", "139").internal()).isFalse();
        assertThatThrownBy(() -> LinkCodec.decode("{\"seq\":1,\"type\":\"Originate\",\"body\":{\"requestId\":\"r\","
                + "\"agentId\":\"a\",\"extension\":\"1\",\"number\":\"139\",\"targetAgentId\":\"9001\","
                + "\"targetExtension\":\"9001\"}}")).isInstanceOf(LinkProtocolException.class);
    }

    @Test
    void unknownTypeIsNamed() {
        assertThatThrownBy(() -> LinkCodec.decode("{\"seq\":1,\"type\":\"CallTeleported\",\"body\":{}}"))
                .isInstanceOf(LinkProtocolException.class)
                .hasMessage("envelope.type: unknown message type 'CallTeleported'");
    }

    @Test
    void everyMissingRequiredFieldIsReportedByPath() {
        for (String field : List.of("callId", "queueId", "callerNumber", "dialledNumber", "trunkId", "at")) {
            JsonObject json = new JsonObject(GOOD_OFFER);
            json.getJsonObject("body").remove(field);
            assertThatThrownBy(() -> LinkCodec.decode(json.encode()))
                    .isInstanceOf(LinkProtocolException.class)
                    .hasMessage("CallOffered.body." + field + ": missing");
        }
    }

    @Test
    void envelopeFieldsAreChecked() {
        assertThatThrownBy(() -> LinkCodec.decode("{\"type\":\"Ping\",\"body\":{\"sentAt\":1}}"))
                .hasMessage("envelope.seq: missing");
        assertThatThrownBy(() -> LinkCodec.decode("{\"seq\":0,\"type\":\"Ping\",\"body\":{\"sentAt\":1}}"))
                .hasMessage("envelope.seq: must be >= 1");
        assertThatThrownBy(() -> LinkCodec.decode("{\"seq\":\"1\",\"type\":\"Ping\",\"body\":{\"sentAt\":1}}"))
                .hasMessage("envelope.seq: expected an integer, got a string");
        assertThatThrownBy(() -> LinkCodec.decode("{\"seq\":1,\"type\":\"Ping\"}"))
                .hasMessage("Ping.body: missing");
        assertThatThrownBy(() -> LinkCodec.decode("{\"seq\":1,\"type\":\"Ping\",\"body\":[]}"))
                .hasMessage("Ping.body: expected an object");
    }

    @Test
    void wrongFieldTypesAndValuesAreReportedByPath() {
        assertThatThrownBy(() -> LinkCodec.decode(
                "{\"seq\":1,\"type\":\"CallCleared\",\"body\":{\"callId\":\"c\",\"cause\":\"EXPLODED\","
                        + "\"waitMillis\":1,\"talkMillis\":2,\"at\":3}}"))
                .hasMessage("CallCleared.body.cause: unknown ClearCause 'EXPLODED'");
        assertThatThrownBy(() -> LinkCodec.decode(
                "{\"seq\":1,\"type\":\"Announce\",\"body\":{\"callId\":\"c\",\"position\":1.5,\"estimatedWaitSeconds\":3}}"))
                .hasMessage("Announce.body.position: expected an integer, got a number");
        JsonObject snapshot = new JsonObject(LinkCodec.encode(new Envelope(1, LinkSamples.snapshot())));
        snapshot.getJsonObject("body").getJsonArray("calls").getJsonObject(2).remove("state");
        assertThatThrownBy(() -> LinkCodec.decode(snapshot.encode()))
                .hasMessage("Snapshot.body.calls[2].state: missing");
    }

    @Test
    void aSnapshotCallCarriesItsMonitorOnlyWhenThereIsOne() {
        Snapshot snapshot = LinkSamples.snapshot();
        Snapshot back = (Snapshot) LinkCodec.decode(LinkCodec.encode(new Envelope(1, snapshot))).message();
        assertThat(back).isEqualTo(snapshot);
        Snapshot.CallSnapshot monitored = back.calls().get(2);
        assertThat(monitored.monitor()).isEqualTo(new Snapshot.MonitorSnapshot("m-1", "supervisor", "a-90",
                dev.cti.link.message.MonitorMode.WHISPER, Snapshot.MonitorSnapshotState.ACTIVE));
        assertThat(back.calls().get(3).monitor()).isNull();

        JsonObject calls = new JsonObject(LinkCodec.encode(new Envelope(1, snapshot))).getJsonObject("body");
        assertThat(calls.getJsonArray("calls").getJsonObject(3).containsKey("monitor"))
                .as("left out when there is none (peers from before it read the snapshot unchanged)").isFalse();
        assertThat(calls.getJsonArray("calls").getJsonObject(2).getJsonObject("monitor").encode())
                .isEqualTo("{\"monitorId\":\"m-1\",\"supervisor\":\"supervisor\",\"seatId\":\"a-90\","
                        + "\"mode\":\"WHISPER\",\"state\":\"ACTIVE\"}");
    }

    @Test
    void aSnapshotRecordingCarriesItsFileAndStartAndReadsWithoutThem() {
        Snapshot snapshot = LinkSamples.snapshot();
        JsonObject wire = new JsonObject(LinkCodec.encode(new Envelope(1, snapshot)));
        JsonObject recording = wire.getJsonObject("body").getJsonArray("calls").getJsonObject(2)
                .getJsonObject("recording");
        assertThat(recording.getString("file")).isEqualTo("2026/12/07/" + LinkSamples.REC + ".ctirec");
        assertThat(recording.getLong("startedAt")).isEqualTo(LinkSamples.T0 + 9_000L);

        // a gateway from before the two fields: the snapshot still reads, with neither
        recording.remove("file");
        recording.remove("startedAt");
        Snapshot old = (Snapshot) LinkCodec.decode(wire.encode()).message();
        assertThat(old.calls().get(2).recording()).isEqualTo(new Snapshot.RecordingSnapshot(LinkSamples.REC, true));
        assertThat(old.calls().get(2).recording().file()).isNull();
        assertThat(old.calls().get(2).recording().startedAt()).isNull();

        // a receiver reads a field it does not know as nothing (how older servers take the new fields)
        recording.put("file", "f.ctirec").put("startedAt", 5L).put("laterField", "x");
        Snapshot newer = (Snapshot) LinkCodec.decode(wire.encode()).message();
        assertThat(newer.calls().get(2).recording())
                .isEqualTo(new Snapshot.RecordingSnapshot(LinkSamples.REC, true, "f.ctirec", 5L));
    }

    @Test
    void aBadMonitorInASnapshotIsReportedByPath() {
        JsonObject snapshot = new JsonObject(LinkCodec.encode(new Envelope(1, LinkSamples.snapshot())));
        JsonObject call = snapshot.getJsonObject("body").getJsonArray("calls").getJsonObject(2);
        call.getJsonObject("monitor").put("state", "ENDED");
        assertThatThrownBy(() -> LinkCodec.decode(snapshot.encode()))
                .hasMessage("Snapshot.body.calls[2].monitor.state: unknown MonitorSnapshotState 'ENDED'");
        call.getJsonObject("monitor").remove("state");
        assertThatThrownBy(() -> LinkCodec.decode(snapshot.encode()))
                .hasMessage("Snapshot.body.calls[2].monitor.state: missing");
        call.put("monitor", "m-1");
        assertThatThrownBy(() -> LinkCodec.decode(snapshot.encode()))
                .hasMessage("Snapshot.body.calls[2].monitor: expected an object, got a string");
    }

    @Test
    void enumValuesAreCaseInsensitiveOnInput() {
        String line = "{\"seq\":1,\"type\":\"HangUp\",\"body\":{\"callId\":\"c\",\"cause\":\"server_hangup\"}}";
        assertThat(LinkCodec.decode(line).message().toString()).contains("SERVER_HANGUP");
    }

    @Test
    void toStringMasksPhoneNumbers() {
        assertThat(new CallOffered("c", "q", "13812345678", "4008001234", "t", 1).toString())
                .contains("138****5678").doesNotContain("13812345678");
        assertThat(new Originate("r", "a", "1007", "13812345678").toString()).doesNotContain("13812345678");
        assertThat(new Transfer("c", TargetKind.NUMBER, "13812345678").toString()).doesNotContain("13812345678");
        assertThat(new Transfer("c", TargetKind.QUEUE, "vip").toString()).contains("vip");
        assertThat(LinkSamples.snapshot().toString()).doesNotContain("13812345678");
    }

    @Test
    void errorsDoNotEchoFieldValues() {
        JsonObject json = new JsonObject(GOOD_OFFER);
        json.getJsonObject("body").put("callerNumber", 13812345678L);
        assertThatThrownBy(() -> LinkCodec.decode(json.encode()))
                .hasMessage("CallOffered.body.callerNumber: expected a string, got a number");
    }
}
