package dev.cti.link.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DialRefusal;
import dev.cti.link.message.DialRefused;
import dev.cti.link.message.DialSource;
import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.RecordingFailure;
import dev.cti.link.message.RecordingStatus;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.message.RegistrationLockout;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.Replayed;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.CallState;
import dev.cti.link.testing.LinkSamples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire format frozen: {@code golden-lines.jsonl} holds one envelope line per instance below, written by the
 * hand-written {@code toJson} methods the derived codec replaced. The codec must write exactly those bytes and read
 * them back equal, so a change to a record or to the codec that would change what peers see fails here.
 */
class GoldenWireTest {

    static final String RESOURCE = "golden-lines.jsonl";

    /** Every sample of {@link LinkSamples}, then variants with the optional fields absent or set. */
    static List<LinkMessage> instances() {
        List<LinkMessage> out = new ArrayList<>(LinkSamples.all().values());
        long t = LinkSamples.T0;
        out.add(new DialRefused(null, null, null, DialSource.ORIGINATE, "00441234567890", DialRefusal.DENIED, t));
        out.add(new CommandRejected(7, "RequestSnapshot", null, RejectReason.UNKNOWN_CALL, t));
        out.add(new RegistrationLockout("1007", 5, null, t + 1_000, t));
        out.add(new RecordingStopped(LinkSamples.REC, "c-1", "f.ctirec", RecordingStatus.FAILED,
                RecordingFailure.DISK_FULL, t, 0, 0, "00", "k-1", 8000, 2, List.of(), List.of(), t + 1));
        out.add(new Snapshot(List.of(new Snapshot.CallSnapshot("c-1", CallState.CONNECTED, "sales", "a-1", "1001",
                        "13812345678", t, t + 1, null, null, new Snapshot.RecordingSnapshot(LinkSamples.REC, false))),
                List.of(), t + 2));
        out.add(new Snapshot(List.of(), List.of(), t + 3));
        out.add(new Replayed(3, LinkSamples.recordingStopped()));
        return out;
    }

    @Test
    void everyInstanceEncodesToItsGoldenLineAndDecodesBackEqual() throws IOException {
        List<String> golden = golden();
        List<LinkMessage> instances = instances();
        assertThat(golden).as("one golden line per instance").hasSize(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            LinkMessage message = instances.get(i);
            String line = LinkCodec.encode(new Envelope(i + 1, message));
            assertThat(line).as("line %d (%s)", i + 1, message.getClass().getSimpleName()).isEqualTo(golden.get(i));
            assertThat(LinkCodec.decode(golden.get(i)).message()).as("line %d decoded", i + 1).isEqualTo(message);
        }
    }

    static List<String> golden() throws IOException {
        try (InputStream in = GoldenWireTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
