package dev.cti.config;

import java.util.random.RandomGenerator;

/**
 * Which of a kind of call is recorded: {@code all}, {@code none} or a sample {@code N%} (each call drawn with that
 * probability when it connects).
 *
 * @param percent 0 (none) to 100 (all)
 */
public record RecordingPolicy(int percent) {
    public static final RecordingPolicy ALL = new RecordingPolicy(100);
    public static final RecordingPolicy NONE = new RecordingPolicy(0);

    public RecordingPolicy {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a recording percentage is 0 to 100, got " + percent);
        }
    }

    /** {@code all}, {@code none} or {@code N%} with N from 0 to 100. */
    public static RecordingPolicy parse(String text) {
        String s = text.strip();
        if (s.equals("all")) {
            return ALL;
        }
        if (s.equals("none")) {
            return NONE;
        }
        if (s.matches("\\d{1,3}%")) {
            int n = Integer.parseInt(s.substring(0, s.length() - 1));
            if (n <= 100) {
                return new RecordingPolicy(n);
            }
        }
        throw new IllegalArgumentException("must be all, none or a percentage from 0% to 100% such as 25%, got '"
                + text + "'");
    }

    /** Whether a call under this policy is recorded: always, never, or drawn with {@code percent} %. */
    public boolean draw(RandomGenerator random) {
        return percent >= 100 || percent > 0 && random.nextInt(100) < percent;
    }

    @Override
    public String toString() {
        return percent == 100 ? "all" : percent == 0 ? "none" : percent + "%";
    }
}
