package dev.cti.config;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/cti check-config [--config DIR] [--allow-demo]}: validates a configuration directory and prints every
 * mistake. Exit status 0 when valid, 2 when not (like {@code nginx -t}), 64 on a usage error.
 *
 * <p>Demo or short SIP passwords ({@code demo-...}, under 12 characters) make a configuration unfit for a network
 * (issue 13): they are refused like mistakes (exit 2) unless {@code --allow-demo} is given, which prints them under a
 * loud warning instead. {@code bin/cti up} passes it for the repository's own {@code conf/} (the shipped demo) or
 * when given it, {@code bin/cti demo} always.
 */
public final class CheckConfig {
    public static final int OK = 0;
    public static final int INVALID = 2;
    public static final int USAGE = 64;

    private CheckConfig() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir = Path.of("conf");
        boolean allowDemo = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                dir = Path.of(args[++i]);
            } else if (args[i].equals("--allow-demo")) {
                allowDemo = true;
            } else {
                err.println("usage: check-config [--config DIR] [--allow-demo]");
                return USAGE;
            }
        }
        try {
            List<ConfigError> weak = new ArrayList<>();
            CtiConfig config = ConfigLoader.load(dir, weak);
            if (!weak.isEmpty() && !allowDemo) {
                weak.forEach(err::println);
                err.println(dir + ": " + weak.size() + " demo or weak SIP password" + (weak.size() == 1 ? "" : "s")
                        + "; set real ones (docs/SECURITY.md), or run the demo with --allow-demo; nothing was started");
                return INVALID;
            }
            if (!weak.isEmpty()) {
                err.println("****************************************************************************************");
                err.println("WARNING: " + weak.size() + " demo or weak SIP password" + (weak.size() == 1 ? "" : "s")
                        + " (allowed by --allow-demo): anyone who reaches the SIP port can register as these");
                err.println("extensions and take their calls. Never put this configuration on a network.");
                weak.forEach(e -> err.println("  " + e));
                err.println("****************************************************************************************");
            }
            out.println(dir + ": configuration is valid (" + config.queues().size() + " queues, "
                    + config.agents().size() + " agents, " + config.users().size() + " users)");
            return OK;
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            err.println(dir + ": " + e.errors().size() + " error" + (e.errors().size() == 1 ? "" : "s")
                    + "; nothing was started");
            return INVALID;
        }
    }
}
