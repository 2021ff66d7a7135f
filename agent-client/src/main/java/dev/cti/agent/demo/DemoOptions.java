package dev.cti.agent.demo;

import java.nio.file.Path;

/**
 * Flags of {@code bin/cti demo} (the part after the stack's own {@code --config}).
 *
 * @param agents      how many headless agents to seat (every configured agent but the one left for a real softphone)
 * @param calls       how many calls the generator places; 0 = keep calling until stopped
 * @param callEvery   mean seconds between two calls
 */
public record DemoOptions(Path configDir, int agents, int calls, double callEvery) {
    public static final String USAGE = """
            usage: bin/cti demo [--config DIR] [--agents N] [--calls M] [--call-every SECONDS]
              --agents N          headless agents (default 4)
              --calls M           calls to place, 0 = until stopped (default 0)
              --call-every S      mean seconds between calls (default 8)
            """;

    /** A flag was wrong: the message names it. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static DemoOptions parse(String[] args) throws UsageException {
        Path config = Path.of("conf");
        int agents = 4;
        int calls = 0;
        double every = 8;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) throw new UsageException(flag.startsWith("--") ? flag + " needs a value" : "unknown argument " + flag);
            String value = args[++i];
            switch (flag) {
                case "--config" -> config = Path.of(value);
                case "--agents" -> agents = number(flag, value, 1, 50);
                case "--calls" -> calls = number(flag, value, 0, 1_000_000);
                case "--call-every" -> {
                    try {
                        every = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--call-every needs a number of seconds, got '" + value + "'");
                    }
                    if (!(every >= 0.5 && every <= 3600)) throw new UsageException("--call-every is 0.5 to 3600 seconds");
                }
                default -> throw new UsageException("unknown flag " + flag);
            }
        }
        return new DemoOptions(config, agents, calls, every);
    }

    private static int number(String flag, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) throw new UsageException(flag + " is " + min + " to " + max + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a whole number, got '" + value + "'");
        }
    }
}
