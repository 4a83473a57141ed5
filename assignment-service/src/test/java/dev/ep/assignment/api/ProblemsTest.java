package dev.ep.assignment.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/** Messages that quote client text are sent as printable text: never a NUL, a control character or a lone surrogate. */
class ProblemsTest {

    @Test
    void shouldWriteControlCharactersAndUnpairedSurrogatesAsCodePointsWhenAMessageQuotesThem() {
        assertThat(Problems.printable("a\u0000b")).isEqualTo("aU+0000b");
        assertThat(Problems.printable("x\ud800")).isEqualTo("xU+D800");
        assertThat(Problems.printable("\udc00y\n")).isEqualTo("U+DC00yU+000A");
        assertThat(Problems.printable("ok: é € 😀")).isEqualTo("ok: é € 😀");
    }

    @Test
    void shouldSanitiseTheDetailAndEveryFieldErrorWhenBuildingAProblem() {
        ProblemDetail problem = Problems.of(ErrorCode.INVALID_EVENT, "type '\ud800' is unknown",
                List.of(new ApiException.FieldError("events[0]", "name 'a\u0000'")));

        assertThat(problem.getDetail()).isEqualTo("type 'U+D800' is unknown");
        assertThat(problem.getProperties().get("errors").toString()).contains("name 'aU+0000'");
    }

    @Test
    void shouldQuoteClientTextAsShortPrintableAsciiWhenEchoingIt() {
        assertThat(Inputs.quote("de\u0000")).isEqualTo("'deU+0000'");
        assertThat(Inputs.quote("\ud800x")).isEqualTo("'U+D800x'");
        assertThat(Inputs.quote("x".repeat(100))).isEqualTo("'" + "x".repeat(80) + "…'");
    }
}
