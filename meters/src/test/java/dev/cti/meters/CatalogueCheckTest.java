package dev.cti.meters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.Type;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The builders of a catalogue entry and the checks the deployables' catalogue tests make. */
class CatalogueCheckTest {
    enum Sample implements MeterCatalogue {
        CALLS_ENDED("calls.ended", Type.COUNTER, "Calls ended, by cause", "cause"),
        LEGS_ACTIVE("legs.active", Type.GAUGE, "Legs now");

        private final String name;
        private final Type type;
        private final String description;
        private final KeyName[] keys;

        Sample(String name, Type type, String description, String... keys) {
            this.name = name;
            this.type = type;
            this.description = description;
            this.keys = MeterCatalogue.keyNames(keys);
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Type getType() {
            return type;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public KeyName[] getKeyNames() {
            return keys;
        }
    }

    private static final String DOC = """
            ### Sample

            | name | type |
            | --- | --- |
            | `calls_ended_total` | counter |
            | `legs_*` | gauge |
            """;

    @Test
    void buildsFromTheEntryAndTheTagValues() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter c = Sample.CALLS_ENDED.counter(registry, "NORMAL");
        assertThat(c.getId().getName()).isEqualTo("calls.ended");
        assertThat(c.getId().getTag("cause")).isEqualTo("NORMAL");
        assertThat(c.getId().getDescription()).isEqualTo("Calls ended, by cause");
        AtomicInteger legs = new AtomicInteger(3);
        Sample.LEGS_ACTIVE.gauge(legs, AtomicInteger::get).register(registry);
        assertThat(registry.get("legs.active").gauge().value()).isEqualTo(3.0);

        assertThatThrownBy(() -> Sample.CALLS_ENDED.counter(registry)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sample.CALLS_ENDED.counter(registry, "a", "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sample.LEGS_ACTIVE.counter(registry)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sample.CALLS_ENDED.timer("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsMetersOutsideTheCatalogue() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Sample.CALLS_ENDED.counter(registry, "NORMAL");
        assertThat(CatalogueCheck.uncatalogued(registry, Sample.values(), n -> false)).isEmpty();
        registry.counter("calls.ended", "cause", "X", "extra", "y");
        registry.counter("stray.meter");
        registry.counter("jvm.thing");
        assertThat(CatalogueCheck.uncatalogued(registry, Sample.values(), n -> n.startsWith("jvm.")))
                .containsExactly("calls.ended: tags [cause, extra], the catalogue says [cause]",
                        "stray.meter: not in the catalogue");
    }

    @Test
    void comparesTheCatalogueWithTheDocsBothWays() {
        NamingConvention snake = NamingConvention.snakeCase;
        String section = CatalogueCheck.section("# Doc\n\n" + DOC + "\n### Other\n\n| `other_total` | x |\n",
                "### Sample");
        assertThat(CatalogueCheck.undocumented(Sample.values(), snake, section)).isEmpty();
        assertThat(CatalogueCheck.notInCatalogue(section, Sample.values(), snake)).isEmpty();

        String missing = DOC.replace("| `calls_ended_total` | counter |\n", "| `calls_gone_total` | counter |\n");
        assertThat(CatalogueCheck.undocumented(Sample.values(), snake, missing))
                .containsExactly("calls_ended_total (CALLS_ENDED)");
        assertThat(CatalogueCheck.notInCatalogue(missing, Sample.values(), snake)).containsExactly("calls_gone_total");
    }
}
