package dev.cti.gateway.sip;

import java.text.ParseException;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;

/** Small helpers for headers built from constant text, where a parse error is a programming error. */
public final class SipHeaders {
    private SipHeaders() {}

    /** One header per value, for list headers jain-sip only builds as singletons (Allow, Unsupported, Accept). */
    public static java.util.List<Header> each(HeaderFactory factory, String name, java.util.Collection<String> values) {
        return values.stream().map(v -> create(factory, name, v)).toList();
    }

    /** Parses {@code name: value} with the stack's grammar (so lists such as Allow come out as one header). */
    public static Header create(HeaderFactory factory, String name, String value) {
        try {
            return factory.createHeader(name, value);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad constant header " + name + ": " + value, e);
        }
    }
}
