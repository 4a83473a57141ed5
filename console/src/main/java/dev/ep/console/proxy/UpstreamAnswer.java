package dev.ep.console.proxy;

import java.util.Map;

/** An upstream's answer, passed back unchanged: status, the headers the UI needs, and the (bounded) body. */
record UpstreamAnswer(int status, Map<String, String> headers, byte[] body) {
}
