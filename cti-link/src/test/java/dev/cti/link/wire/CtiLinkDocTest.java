package dev.cti.link.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/CTI-LINK.md shows one example per message; each must decode to the message it is filed under. */
class CtiLinkDocTest {

    private static final Pattern EXAMPLE = Pattern.compile("^#### (\\w+)\\n(?:.*\\n)*?```json\\n(.*)\\n```", Pattern.MULTILINE);

    @Test
    void everyMessageHasOneExampleThatDecodes() throws IOException {
        String root = System.getProperty("cti.repo.root");
        assertThat(root).as("system property cti.repo.root (set by the parent pom's surefire config)").isNotBlank();
        String doc = Files.readString(Path.of(root, "docs", "CTI-LINK.md"));

        Map<String, String> examples = new LinkedHashMap<>();
        Matcher m = EXAMPLE.matcher(doc);
        while (m.find()) {
            assertThat(examples.put(m.group(1), m.group(2))).as("%s documented twice", m.group(1)).isNull();
        }
        for (MessageRegistry.MessageType<?> type : MessageRegistry.standard().all()) {
            String example = examples.remove(type.name());
            assertThat(example).as("docs/CTI-LINK.md has no '#### %s' example", type.name()).isNotNull();
            Envelope decoded = LinkCodec.decode(example);
            assertThat(decoded.message()).as(type.name()).isInstanceOf(type.type());
            assertThat(LinkCodec.encode(decoded)).as("example of %s is in canonical form", type.name()).isEqualTo(example);
        }
        assertThat(examples).as("examples of messages that do not exist").isEmpty();
    }
}
