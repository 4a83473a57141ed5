package dev.ep.deploy.k8s;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets the manifests expect to exist and do not ship (no default credentials): each Secret's name and keys,
 * read from the table of {@code deploy/k8s/README.md} between {@code <!-- secrets:begin -->} and
 * {@code <!-- secrets:end -->}, whose first two cells are the Secret and the key, each in backticks. The README is
 * the one list an operator reads and the one list the checks hold the manifests to.
 *
 * @param keys Secret name to its keys
 */
public record SecretContract(Map<String, Set<String>> keys) {

    static final String BEGIN = "<!-- secrets:begin -->";
    static final String END = "<!-- secrets:end -->";
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*`([^`]+)`\\s*\\|");

    public SecretContract {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        keys.forEach((secret, names) -> copy.put(secret, Set.copyOf(names)));
        keys = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The contract documented in {@code markdown}.
     *
     * @throws IllegalArgumentException when the markers are missing or the table names no Secret
     */
    public static SecretContract fromReadme(String markdown) {
        int begin = markdown.indexOf(BEGIN);
        int end = markdown.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the README has no secrets table between " + BEGIN + " and " + END);
        }
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        for (String line : markdown.substring(begin + BEGIN.length(), end).split("\n")) {
            Matcher row = ROW.matcher(line.strip());
            if (row.find()) {
                keys.computeIfAbsent(row.group(1), s -> new LinkedHashSet<>()).add(row.group(2));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the README's secrets table names no Secret");
        }
        return new SecretContract(keys);
    }

    /** Whether the contract documents {@code key} of Secret {@code secret}. */
    public boolean documents(String secret, String key) {
        return keys.getOrDefault(secret, Set.of()).contains(key);
    }
}
