package dev.ep.deploy;

import java.util.regex.Pattern;

/**
 * What {@code ./platform restart <service>} asks the running launcher, through a file in {@code run/control/}:
 * one line, {@code restart <service>}. Anything else is refused with a reason; nothing in the file is executed or
 * used as a path.
 */
sealed interface ControlRequest permits ControlRequest.Restart, ControlRequest.Invalid {

    /** Request files are tiny; a bigger one is refused unread. */
    int MAX_BYTES = 1024;
    /** The request id is the file name without {@code .request}: it names the answer file, so it is kept plain. */
    Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Restart every instance of a service, one after the other (drained first when it has a front). */
    record Restart(String service) implements ControlRequest {
    }

    record Invalid(String reason) implements ControlRequest {
    }

    static ControlRequest parse(String text) {
        String line = text.strip();
        if (line.isEmpty() || line.contains("\n") || line.contains("\r")) {
            return new Invalid("a request is one line: restart <service>");
        }
        String[] words = line.split(" ");
        if (words.length != 2 || !words[0].equals("restart")) {
            return new Invalid("a request is one line: restart <service>");
        }
        return Catalog.service(words[1]).<ControlRequest>map(c -> new Restart(c.name()))
                .orElseGet(() -> new Invalid("no service named '" + printable(words[1]) + "'; services: "
                        + String.join(", ", Catalog.SERVICES.stream().map(Component::name).toList())));
    }

    /** Client text quoted back as printable ASCII only, at most 64 characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
