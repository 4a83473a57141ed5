package dev.ep.testsupport.fuzz;

import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.http.RawRequest;
import java.util.Optional;

/** A service's own rule for an acceptable reply, on top of "below 500" (e.g. the shape of its error bodies). */
@FunctionalInterface
public interface ReplyCheck {

    /** Nothing extra. */
    ReplyCheck NONE = (request, reply) -> Optional.empty();

    /** What is wrong with the reply, or empty when it is acceptable. */
    Optional<String> problem(RawRequest request, RawReply reply);
}
