package dev.cti.meters;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One entry of a deployable's meter catalogue (the gateway's {@code GatewayMeters}, the server's
 * {@code ServerMeters}): Micrometer's {@link MeterDocumentation} (name, type, base unit, tag keys) plus the
 * description, and the only way the deployables build their meters. A meter's name, description, unit and tag keys
 * are written once, in the catalogue; a call site passes only the tag values, in the order of
 * {@link #getKeyNames()}, and gets a meter (counters) or a builder with everything but the value source set (the
 * others), to which it may still add what only it knows (SLO buckets, a strong reference) before registering.
 *
 * <p>The builders refuse a meter of another type than the entry's, or a number of tag values other than the
 * number of its tag keys, so a call site cannot register a meter the catalogue does not describe.
 */
public interface MeterCatalogue extends MeterDocumentation {

    /** The help text Prometheus shows ({@code # HELP}); null for the one meter that has none. */
    String getDescription();

    /** The tag keys, in the order the builders take their values. */
    default String[] tagKeys() {
        return Arrays.stream(getKeyNames()).map(KeyName::asString).toArray(String[]::new);
    }

    /** The tags of this meter with these values, one per tag key, in order. */
    default Tags tags(String... values) {
        String[] keys = tagKeys();
        if (values.length != keys.length) {
            throw new IllegalArgumentException(getName() + " takes tags " + Arrays.toString(keys) + ", given "
                    + values.length + " value(s)");
        }
        Tags tags = Tags.empty();
        for (int i = 0; i < keys.length; i++) {
            tags = tags.and(keys[i], values[i]);
        }
        return tags;
    }

    /** The counter with these tag values, registered (or found) on {@code registry}. */
    default Counter counter(MeterRegistry registry, String... tagValues) {
        requireType(Meter.Type.COUNTER);
        return Counter.builder(getName()).description(getDescription()).baseUnit(getBaseUnit())
                .tags(tags(tagValues)).register(registry);
    }

    /** A counter that reads a monotonic count from {@code owner} (held weakly by Micrometer). */
    default <T> FunctionCounter.Builder<T> functionCounter(T owner, ToDoubleFunction<T> count, String... tagValues) {
        requireType(Meter.Type.COUNTER);
        return FunctionCounter.builder(getName(), owner, count).description(getDescription())
                .baseUnit(getBaseUnit()).tags(tags(tagValues));
    }

    /** A gauge that reads {@code owner} (held weakly by Micrometer unless the caller asks for a strong reference). */
    default <T> Gauge.Builder<T> gauge(T owner, ToDoubleFunction<T> value, String... tagValues) {
        requireType(Meter.Type.GAUGE);
        return Gauge.builder(getName(), owner, value).description(getDescription()).baseUnit(getBaseUnit())
                .tags(tags(tagValues));
    }

    /** A gauge that reads a supplier (held strongly, as Micrometer's own {@link Gauge#builder(String, Supplier)}). */
    default Gauge.Builder<Supplier<Number>> gauge(Supplier<Number> value, String... tagValues) {
        requireType(Meter.Type.GAUGE);
        return Gauge.builder(getName(), value).description(getDescription()).baseUnit(getBaseUnit())
                .tags(tags(tagValues));
    }

    /** A timer (seconds on Prometheus); the caller adds its buckets, if any. */
    default Timer.Builder timer(String... tagValues) {
        requireType(Meter.Type.TIMER);
        return Timer.builder(getName()).description(getDescription()).tags(tags(tagValues));
    }

    /** A distribution summary; the caller adds its buckets, if any. */
    default DistributionSummary.Builder summary(String... tagValues) {
        requireType(Meter.Type.DISTRIBUTION_SUMMARY);
        return DistributionSummary.builder(getName()).description(getDescription()).baseUnit(getBaseUnit())
                .tags(tags(tagValues));
    }

    /**
     * The name a scrape shows for this meter under {@code convention}: the convention's name (base unit as a
     * suffix, seconds on timers) plus {@code _total} on counters.
     */
    default String exposedName(NamingConvention convention) {
        String name = convention.name(getName(), getType(), getBaseUnit());
        return getType() == Meter.Type.COUNTER && !name.endsWith("_total") ? name + "_total" : name;
    }

    private void requireType(Meter.Type type) {
        if (getType() != type) {
            throw new IllegalArgumentException(getName() + " is a " + getType() + " in the catalogue, not a " + type);
        }
    }

    /** Tag keys as Micrometer's {@link KeyName}s, for the catalogue enums' constructors. */
    static KeyName[] keyNames(String... keys) {
        return Arrays.stream(keys).map(k -> (KeyName) () -> k).toArray(KeyName[]::new);
    }
}
