package dev.ep.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares a declared topic with what the broker has. Plain logic, no Kafka calls. */
final class TopicCheck {

  private static final String RETENTION = "retention.ms";

  /** Problems make provisioning fail; warnings are only logged (an operator may have tuned them on purpose). */
  record Result(List<String> problems, List<String> warnings) {
  }

  private TopicCheck() {
  }

  static Result check(Topic<?, ?> declared, int actualPartitions, Map<String, String> actualConfigs) {
    return check(declared, actualPartitions, actualConfigs, "the declaration in dev.ep.schemas.Topics");
  }

  /**
   * @param retentionSetting where the declared retention comes from (an environment variable, or the declaration),
   *     named in the warning so that an operator knows which side to change
   */
  static Result check(Topic<?, ?> declared, int actualPartitions, Map<String, String> actualConfigs,
      String retentionSetting) {
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
      if (key.equals("cleanup.policy") || !actualConfigs.containsKey(key) || value.equals(actualConfigs.get(key))) {
        return;
      }
      String actual = actualConfigs.get(key);
      if (key.equals(RETENTION)) {
        warnings.add("topic " + declared.name() + " has " + RETENTION + "=" + actual + " (" + describe(actual)
            + "), but " + value + " (" + describe(value) + ") is configured by " + retentionSetting
            + "; existing topics are never altered (a shorter retention deletes records at once, and processes "
            + "started with different settings would undo each other): change the topic with kafka-configs.sh "
            + "--alter --entity-type topics --entity-name " + declared.name() + " --add-config " + RETENTION + "="
            + value + ", or configure the topic's current value " + actual + " instead");
      } else {
        warnings.add("topic " + declared.name() + " has " + key + "=" + actual + ", declared " + value);
      }
    });
    return new Result(List.copyOf(problems), List.copyOf(warnings));
  }

  /** A retention.ms value in words: "forever", "7 days", "36 hours", or milliseconds. */
  static String describe(String retentionMs) {
    long ms;
    try {
      ms = Long.parseLong(retentionMs);
    } catch (NumberFormatException e) {
      return retentionMs;
    }
    if (ms < 0) {
      return "forever";
    }
    long day = 86_400_000L;
    long hour = 3_600_000L;
    long minute = 60_000L;
    if (ms > 0 && ms % day == 0) {
      return ms / day + (ms == day ? " day" : " days");
    }
    if (ms > 0 && ms % hour == 0) {
      return ms / hour + (ms == hour ? " hour" : " hours");
    }
    if (ms > 0 && ms % minute == 0) {
      return ms / minute + (ms == minute ? " minute" : " minutes");
    }
    return ms + " ms";
  }
}
