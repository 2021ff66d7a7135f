package dev.cti.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one table of the masking rule: every module's masked numbers come from here. */
class PhoneMaskTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            NULL             | NULL
            ''               | ''
            1                | *
            12               | **
            110              | ***
            1001             | ****
            10086            | ***86
            5551234          | *****34
            65123456         | ******56
            4008009000       | ********00
            13812345678      | 138****5678
            01065123456      | 010****3456
            075512345678     | 075*****5678
            +8613812345678   | +86138****5678
            +86              | +**
            +861001          | +86****
            +8665123456      | +86******56
            +14155551234     | +141****1234
            +                | *
            8613812345678    | 861******5678
            138-1234-5678    | *************
            138 1234 5678    | *************
            anonymous        | *********
            sip:13812345678@cti.local | *************************
            ４００１         | ****
            """)
    void the_rule(String number, String masked) {
        assertThat(PhoneMask.mask(number)).isEqualTo(masked);
    }

    @Test
    void never_shows_more_than_seven_digits_of_a_mobile_and_keeps_the_length() {
        String number = "13912345678";
        String masked = PhoneMask.mask(number);
        assertThat(masked).hasSize(number.length()).doesNotContain("12345");
        assertThat(masked.chars().filter(Character::isDigit).count()).isEqualTo(7);
    }

    @ParameterizedTest
    @CsvSource({"13812345678, true", "+8613812345678, true", "+, false", "'', false", "12a, false", "1 2, false"})
    void what_counts_as_a_number(String s, boolean number) {
        assertThat(PhoneMask.isNumber(s)).isEqualTo(number);
    }
}
