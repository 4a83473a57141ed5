package dev.ep.assignment.api;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.databind.JsonNode;

/**
 * What a client sees of one decoded body, as text to compare: the record with every value's type and every map's
 * order, or the problem detail {@link ProblemAdvice} answers for the refusal (status, type, title, detail, extensions).
 */
public final class DecodingOutcome {

    private static final ServerWebExchange EXCHANGE =
            MockServerWebExchange.from(MockServerHttpRequest.post("/v1/body").build());

    private DecodingOutcome() {
    }

    /** Decodes with {@code decode}: {@code "value ..."} or {@code "refused ..."}. */
    public static String of(Supplier<?> decode) {
        Object value;
        try {
            value = decode.get();
        } catch (RuntimeException e) {
            return "refused " + problem(e);
        }
        return "value " + describe(value);
    }

    /** Whether the outcome is a value. */
    public static boolean accepted(String outcome) {
        return outcome.startsWith("value ");
    }

    /** The problem for a decoding failure, wrapped as WebFlux's argument resolver wraps it. */
    public static String problem(RuntimeException e) {
        Throwable failure = e instanceof DecodingException d
                ? new ServerWebInputException("Failed to read HTTP message", null, d) : e;
        ProblemDetail p = ProblemAdvice.problemFor(failure, EXCHANGE);
        return p.getStatus() + " " + p.getType() + " " + p.getTitle() + ": " + p.getDetail() + " "
                + p.getProperties() + " (" + e.getClass().getSimpleName() + ")";
    }

    /** Records by component, maps in iteration order, every leaf with its class. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Record record) {
            StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('(');
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                try {
                    var accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    out.append(c.getName()).append('=').append(describe(accessor.invoke(record))).append(", ");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out.append(')').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(describe(k)).append(':').append(describe(v)).append(", "));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(v -> out.append(describe(v)).append(", "));
            return out.append(']').toString();
        }
        if (value instanceof JsonNode node) {
            StringBuilder out = new StringBuilder(node.getClass().getSimpleName()).append('<');
            if (node.isContainer()) {
                node.forEach(child -> out.append(describe(child)).append(", "));
            } else {
                out.append(node.toString());
            }
            return out.append('>').toString();
        }
        return value.getClass().getSimpleName() + ":" + value;
    }
}
