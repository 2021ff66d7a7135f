package dev.cti.link.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.link.LinkProtocolException;
import dev.cti.link.message.RecordingSpan;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.LinkSamples;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the derived codec adds to the golden lines: the order of errors, nested validation, the rules per type. */
class RecordCodecTest {

    private static final String OFFER = "{\"seq\":1,\"type\":\"CallOffered\",\"body\":{\"callId\":\"c\",\"queueId\":\"q\","
            + "\"callerNumber\":\"1\",\"dialledNumber\":\"2\",\"trunkId\":\"t\",\"at\":3}}";

    @Test
    void theFirstProblemInComponentOrderIsReportedAsTheHandWrittenReadersDid() {
        JsonObject json = new JsonObject(OFFER);
        json.getJsonObject("body").remove("queueId");
        json.getJsonObject("body").remove("at");
        assertThatThrownBy(() -> LinkCodec.decode(json.encode())).hasMessage("CallOffered.body.queueId: missing");
        json.getJsonObject("body").put("queueId", "q").put("trunkId", 5);
        assertThatThrownBy(() -> LinkCodec.decode(json.encode()))
                .hasMessage("CallOffered.body.trunkId: expected a string, got a number");
    }

    @Test
    void anOptionalReferenceBeforeABrokenFieldIsNotReportedMissing() {
        String line = "{\"seq\":1,\"type\":\"CommandRejected\",\"body\":{\"commandSeq\":1,\"commandType\":\"HangUp\","
                + "\"reason\":\"UNKNOWN_CALL\"}}";
        assertThatThrownBy(() -> LinkCodec.decode(line)).hasMessage("CommandRejected.body.at: missing");
    }

    @Test
    void aNestedRecordThatRejectsItsValuesIsReportedAtItsPath() {
        JsonObject json = new JsonObject(LinkCodec.encode(new Envelope(1, LinkSamples.recordingStopped())));
        json.getJsonObject("body").getJsonArray("holdSpans").getJsonObject(0).put("endMillis", 1);
        assertThatThrownBy(() -> LinkCodec.decode(json.encode()))
                .isInstanceOf(LinkProtocolException.class)
                .hasMessage("RecordingStopped.body.holdSpans[0]: invalid: bad span 10000..1");
    }

    @Test
    void aMissingBooleanReadsAsFalseAndAMissingListIsMissing() {
        RecordCodec<Snapshot.RecordingSnapshot> codec = RecordCodec.of(Snapshot.RecordingSnapshot.class);
        assertThat(codec.read(new JsonObject().put("recordingId", "r"), "x"))
                .isEqualTo(new Snapshot.RecordingSnapshot("r", false));
        assertThatThrownBy(() -> MessageRegistry.standard().read(RecordingStopped.class,
                MessageRegistry.standard().write(LinkSamples.recordingStopped()).copy().put("pausedSpans", null),
                "sidecar")).hasMessage("sidecar.pausedSpans: missing");
    }

    @Test
    void nestedRecordsAreWrittenByComponentName() {
        assertThat(RecordCodec.of(RecordingSpan.class).write(new RecordingSpan(1, 2)).encode())
                .isEqualTo("{\"startMillis\":1,\"endMillis\":2}");
    }

    record WithAMap(Map<String, String> values) {}

    record WithASet(Set<String> values) {}

    @Test
    void aComponentTheWireHasNoFormForFailsWhenTheCodecIsBuilt() {
        assertThatThrownBy(() -> RecordCodec.of(WithAMap.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithAMap.values").hasMessageContaining("Map<java.lang.String, java.lang.String>");
        assertThatThrownBy(() -> RecordCodec.of(WithASet.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithASet.values");
    }
}
