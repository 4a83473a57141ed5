package dev.ep.registry.system;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Confluent's error body. Deliberately not RFC 9457 problem details: every Confluent-API client parses exactly
 * {@code error_code} and {@code message}.
 *
 * <p>Messages often quote client input; unpaired surrogates and control characters in it are replaced, so that the
 * body can always be written as UTF-8 JSON, and very long quotes are cut.
 */
record ErrorBody(@JsonProperty("error_code") int errorCode, String message) {

    static final int MAX_MESSAGE_LENGTH = 2_000;

    ErrorBody {
        message = printable(message);
    }

    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > MAX_MESSAGE_LENGTH ? text.substring(0, MAX_MESSAGE_LENGTH) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1))) {
                out.append(c).append(cut.charAt(++i));
            } else if (Character.isSurrogate(c) || Character.isISOControl(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
