package dev.cti.config;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code bin/cti check-config [--config DIR]}: validates a configuration directory and prints every
 * mistake. Exit status 0 when valid, 2 when not (like {@code nginx -t}), 64 on a usage error.
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
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                dir = Path.of(args[++i]);
            } else {
                err.println("usage: check-config [--config DIR]");
                return USAGE;
            }
        }
        try {
            CtiConfig config = ConfigLoader.load(dir);
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
