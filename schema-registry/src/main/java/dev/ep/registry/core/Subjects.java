package dev.ep.registry.core;

/** Subject name rules: what Confluent accepts minus what cannot be stored or routed safely. */
public final class Subjects {

    /** Far above any TopicNameStrategy subject; bounds what one request can store. */
    public static final int MAX_LENGTH = 255;

    private Subjects() {
    }

    /**
     * Returns the subject unchanged, or throws 42208 when it is empty, too long, contains control characters or
     * cannot be stored (an unpaired surrogate).
     */
    public static String validate(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > MAX_LENGTH
                || subject.chars().anyMatch(Character::isISOControl) || StorableText.problem(subject) != null) {
            throw new RegistryException(ErrorCode.INVALID_SUBJECT,
                    "The specified subject '" + subject + "' is not a valid.");
        }
        return subject;
    }
}
