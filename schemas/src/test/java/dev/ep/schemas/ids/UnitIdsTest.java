package dev.ep.schemas.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"s-1", "a", "5f0c7c1e-3f4a-4b8e-9a51-2c6d0d9b7e10", "user@shop.example", "a+b=c/d",
        "x:y:z", "~tilde", "dGVzdA==", "a.b_c-d"})
    void shouldAcceptIdWhenEveryCharacterIsInTheGrammar(String id) {
        assertThat(UnitIds.problem(id)).isEmpty();
        assertThat(UnitIds.isValid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a\u0000b", "é", "a%2Fb", "a\"b", "a'b", "a,b", "a;b", "a\\b", "a\nb",
        "\ud800", "😀", "a#b", "a?b", "a&b", "a*b"})
    void shouldRefuseIdWhenACharacterIsOutsideTheGrammar(String id) {
        assertThat(UnitIds.problem(id)).isPresent();
        assertThat(UnitIds.isValid(id)).isFalse();
    }

    @Test
    void shouldRefuseIdWhenItIsLongerThanTheLimit() {
        // given
        String longest = "a".repeat(UnitIds.MAX_LENGTH);

        // when / then
        assertThat(UnitIds.isValid(longest)).isTrue();
        assertThat(UnitIds.problem(longest + "a")).get().asString().contains("1 to 128 characters", "129");
        assertThat(UnitIds.problem(null)).get().asString().contains("missing");
    }

    @Test
    void shouldAgreeWithThePublishedRegexWhenCheckingEveryChar() {
        // given
        Pattern regex = Pattern.compile(UnitIds.REGEX);

        // when / then: the regex in docs/ids.md and the checking code agree on every UTF-16 unit
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String id = "a" + c;
            assertThat(UnitIds.isValid(id)).as("U+%04X", (int) c).isEqualTo(regex.matcher(id).matches());
        }
    }

    @Test
    void shouldNameThePositionAndCharacterWhenRefusing() {
        assertThat(UnitIds.problem("ab c")).get().asString().contains("U+0020", "position 2");
        assertThat(UnitIds.problem("ab\"")).get().asString().contains("'\"'", "position 2");
    }
}
