package dev.ep.ingest.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineHtmlTest {

    @Test
    void shouldEscapeEveryValueWhenRendering() {
        // given
        TimelineEntry row = TimelineEntry.tracking("<id>", Instant.parse("2026-03-01T10:00:00Z"), "\"user\"",
                "/p?a=1&b=2", "CUSTOM", "<script>alert(1)</script>", null, null, "<order>",
                Instant.parse("2026-03-01T10:00:00Z"), Map.of("k", "'v'"));

        // when
        String html = TimelineHtml.render("s-1", Timeline.of(List.of(), List.of(), List.of(row)));

        // then
        assertThat(html).doesNotContain("<script>").doesNotContain("<id>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("/p?a=1&amp;b=2")
                .contains("&quot;user&quot;").contains("&#39;v&#39;").contains("&lt;id&gt;")
                .contains("order &lt;order&gt;");
    }

    @Test
    void shouldSayNothingIsRecordedWhenTimelineIsEmpty() {
        assertThat(TimelineHtml.render("s-1", List.of())).contains("No decision, coverage or tracking event");
    }
}
