package dev.ep.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    @Test
    void shouldNotDependOnRowOrderWhenRowsAreAddedInAnyOrder() {
        // given
        List<String> a = List.of("1:a", "x");
        List<String> b = Arrays.asList("e-2", null, "😀");

        // when
        Checksum ab = Checksum.EMPTY.plus(a).plus(b);
        Checksum ba = Checksum.EMPTY.plus(b).plus(a);

        // then
        assertThat(ab).isEqualTo(ba);
        assertThat(ab.rows()).isEqualTo(2);
        assertThat(ab.text()).startsWith("2:");
    }

    @Test
    void shouldTellNullFromTextAndKeepColumnBoundariesWhenCanonicalising() {
        // then: NULL is "-", text is "<UTF-8 bytes>:<text>", so neither "-" nor separators inside values collide
        assertThat(Checksum.canonical(Arrays.asList(null, "-"))).isEqualTo("-1:-");
        assertThat(Checksum.canonical(List.of("ab", "c"))).isNotEqualTo(Checksum.canonical(List.of("a", "bc")));
        assertThat(Checksum.canonical(List.of("1:a"))).isEqualTo("3:1:a");
        assertThat(Checksum.canonical(List.of("ü😀"))).isEqualTo("6:ü😀");
        assertThat(Checksum.EMPTY.plus(List.of("ab", "c"))).isNotEqualTo(Checksum.EMPTY.plus(List.of("a", "bc")));
    }

    @Test
    void shouldCountADuplicateRowTwiceWhenAddedTwice() {
        // given
        List<String> row = List.of("x");

        // then: a doubled row changes the checksum (an order-independent XOR would cancel it out)
        assertThat(Checksum.EMPTY.plus(row).plus(row)).isNotEqualTo(Checksum.EMPTY.plus(row));
        assertThat(Checksum.EMPTY.plus(row).plus(row).sum())
                .isEqualTo(BigInteger.valueOf(Checksum.hash(Checksum.canonical(row))).shiftLeft(1));
    }

    @Test
    void shouldTakeTheFirstSixtyBitsOfTheMd5WhenHashing() {
        // given: md5("") = d41d8cd98f00b204e9800998ecf8427e, first 15 hex digits d41d8cd98f00b20
        assertThat(Checksum.hash("")).isEqualTo(Long.parseLong("d41d8cd98f00b20", 16));
    }

    @Test
    void shouldRefuseANegativeCountWhenBuilt() {
        assertThatThrownBy(() -> new Checksum(-1, BigInteger.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
