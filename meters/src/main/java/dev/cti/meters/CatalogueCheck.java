package dev.cti.meters;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks the deployables' catalogue tests make: every meter a registry holds is in the catalogue (same name,
 * type and tag keys), every catalogue entry is named in docs/METRICS.md, and every meter name a METRICS.md table
 * lists for the deployable is one of its catalogue's. Each method answers the discrepancies, empty when none.
 */
public final class CatalogueCheck {
    private static final Pattern CODE = Pattern.compile("`([a-z0-9_*]+)`");

    private CatalogueCheck() {}

    /**
     * The meters of {@code registry} the catalogue does not describe (unknown name, other type, other tag keys),
     * except those {@code foreign} accepts (a library's own binders: JVM, process, connection pool).
     */
    public static List<String> uncatalogued(MeterRegistry registry, MeterCatalogue[] catalogue,
                                            Predicate<String> foreign) {
        Map<String, MeterCatalogue> byName = new HashMap<>();
        for (MeterCatalogue m : catalogue) {
            if (byName.put(m.getName(), m) != null) {
                throw new IllegalStateException("two catalogue entries named " + m.getName());
            }
        }
        Set<String> problems = new TreeSet<>();
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (foreign.test(id.getName())) {
                continue;
            }
            MeterCatalogue entry = byName.get(id.getName());
            Set<String> keys = id.getTags().stream().map(Tag::getKey).collect(Collectors.toCollection(TreeSet::new));
            if (entry == null) {
                problems.add(id.getName() + ": not in the catalogue");
            } else if (entry.getType() != id.getType()) {
                problems.add(id.getName() + ": a " + id.getType() + ", the catalogue says " + entry.getType());
            } else if (!keys.equals(new TreeSet<>(Arrays.asList(entry.tagKeys())))) {
                problems.add(id.getName() + ": tags " + keys + ", the catalogue says "
                        + Arrays.toString(entry.tagKeys()));
            }
        }
        return new ArrayList<>(problems);
    }

    /** The catalogue entries whose scraped name (under {@code convention}) {@code doc} does not name. */
    public static List<String> undocumented(MeterCatalogue[] catalogue, NamingConvention convention, String doc) {
        List<Pattern> documented = codeSpans(doc).stream().map(CatalogueCheck::glob).toList();
        List<String> missing = new ArrayList<>();
        for (MeterCatalogue m : catalogue) {
            String exposed = m.exposedName(convention);
            if (documented.stream().noneMatch(p -> p.matcher(exposed).matches())) {
                missing.add(exposed + " (" + m + ")");
            }
        }
        return missing;
    }

    /**
     * The meter names listed in the first column of {@code table} (a METRICS.md table of one deployable's meters)
     * that no catalogue entry is scraped as; a name with {@code *} must match at least one entry.
     */
    public static List<String> notInCatalogue(String table, MeterCatalogue[] catalogue,
                                              NamingConvention convention) {
        List<String> exposed = Arrays.stream(catalogue).map(m -> m.exposedName(convention)).toList();
        List<String> unknown = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String firstColumn = line.substring(1, line.indexOf('|', 1));
            for (String name : codeSpans(firstColumn)) {
                Pattern p = glob(name);
                if (exposed.stream().noneMatch(e -> p.matcher(e).matches())) {
                    unknown.add(name);
                }
            }
        }
        return unknown;
    }

    /** The part of a Markdown {@code doc} under the heading line {@code heading}, up to the next heading. */
    public static String section(String doc, String heading) {
        int start = doc.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new IllegalArgumentException("no heading " + heading);
        }
        int end = doc.indexOf("\n#", start + heading.length() + 2);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static List<String> codeSpans(String text) {
        List<String> spans = new ArrayList<>();
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            if (m.group(1).contains("_")) {
                spans.add(m.group(1));
            }
        }
        return spans;
    }

    private static Pattern glob(String name) {
        return Pattern.compile(Arrays.stream(name.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining("[a-z0-9_]+")));
    }
}
