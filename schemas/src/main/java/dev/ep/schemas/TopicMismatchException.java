package dev.ep.schemas;

import java.util.List;

/** Existing topics differ from their declaration in a way that breaks the platform's guarantees. */
public class TopicMismatchException extends IllegalStateException {

  private final List<String> problems;

  public TopicMismatchException(List<String> problems) {
    super("Kafka topics do not match their declaration in dev.ep.schemas.Topics (fix the topics or the declared "
        + "settings; topics are never altered automatically):\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
