package dev.ep.reporting.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AnswerMemoTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Object config = new Object();

    @Test
    void reusesAnAnswerForEqualInputsAndTheSameConfiguration() {
        AnswerMemo<String, String> memo = new AnswerMemo<>(10, 1_000, now::get);
        memo.put("q", List.of("arm-a", 1L), config, "answer");
        assertThat(memo.get("q", List.of("arm-a", 1L), config)).contains("answer");
        assertThat(memo.get("other", List.of("arm-a", 1L), config)).isEmpty();
    }

    @Test
    void changedArmsAnotherConfigurationObjectOrAnOldAnswerAreMisses() {
        AnswerMemo<String, String> memo = new AnswerMemo<>(10, 1_000, now::get);
        memo.put("q", List.of("arm-a", 1L), config, "answer");
        assertThat(memo.get("q", List.of("arm-a", 2L), config)).as("arms changed").isEmpty();
        assertThat(memo.get("q", List.of("arm-a", 1L), new Object())).as("configuration swapped").isEmpty();
        now.addAndGet(1_000);
        assertThat(memo.get("q", List.of("arm-a", 1L), config)).as("exactly the maximum age").contains("answer");
        now.addAndGet(1);
        assertThat(memo.get("q", List.of("arm-a", 1L), config)).as("older than the maximum age").isEmpty();
    }

    @Test
    void keepsAtMostTheBoundLeastRecentlyUsedDroppedFirst() {
        AnswerMemo<String, String> memo = new AnswerMemo<>(2, 1_000, now::get);
        memo.put("a", "in", config, "A");
        memo.put("b", "in", config, "B");
        assertThat(memo.get("a", "in", config)).contains("A"); // a is now the most recently used
        memo.put("c", "in", config, "C");
        assertThat(memo.size()).isEqualTo(2);
        assertThat(memo.get("b", "in", config)).isEmpty();
        assertThat(memo.get("a", "in", config)).contains("A");
        assertThat(memo.get("c", "in", config)).contains("C");
    }

    @Test
    void refusesNonsensicalBounds() {
        assertThatThrownBy(() -> new AnswerMemo<String, String>(0, 1_000, now::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnswerMemo<String, String>(1, -1, now::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
