package dev.ep.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares a declared topic with what the broker has. Plain logic, no Kafka calls. */
final class TopicCheck {

  /** Problems make provisioning fail; warnings are only logged (an operator may have tuned them on purpose). */
  record Result(List<String> problems, List<String> warnings) {
  }

  private TopicCheck() {
  }

  static Result check(Topic<?, ?> declared, int actualPartitions, Map<String, String> actualConfigs) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (actualPartitions != declared.partitions()) {
      problems.add("topic " + declared.name() + " has " + actualPartitions + " partition(s), declared "
          + declared.partitions() + (declared.partitions() == 1 ? " (it must stay totally ordered)" : ""));
    }
    String actualPolicy = actualConfigs.get("cleanup.policy");
    CleanupPolicy parsed = null;
    try {
      parsed = actualPolicy == null ? null : CleanupPolicy.fromKafka(actualPolicy);
    } catch (IllegalArgumentException unknown) {
      // reported below
    }
    if (parsed != declared.cleanupPolicy()) {
      problems.add("topic " + declared.name() + " has cleanup.policy=" + actualPolicy + ", declared "
          + declared.cleanupPolicy().kafkaValue());
    }
    declared.configs().forEach((key, value) -> {
      if (!key.equals("cleanup.policy") && actualConfigs.containsKey(key) && !value.equals(actualConfigs.get(key))) {
        warnings.add("topic " + declared.name() + " has " + key + "=" + actualConfigs.get(key) + ", declared "
            + value);
      }
    });
    return new Result(List.copyOf(problems), List.copyOf(warnings));
  }
}
