package dev.ep.webedge;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * What Spring WebFlux on Reactor Netty cannot answer itself: a query string that is not percent-encoded UTF-8
 * ({@code ?sessionId=%ZZ}; building the request's {@code java.net.URI} fails first and the adapter answers a bare 400
 * without a body), and a {@code Transfer-Encoding} other than one {@code chunked} (Netty reads the body as chunked and
 * the request stalls). This handler, right after Netty's HTTP codec, refuses such a request itself with the service's
 * own body (the same {@link Refusal} as {@link RequestChecks} gives for the query, a 400 of the same kind for the
 * coding), then closes the connection
 * (the request's body, if any, is dropped unread). Every other request passes untouched; the check is a scan of the
 * request line already in memory, never a wait.
 */
public final class NettyRequestGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "ep.queryGuard";

    private final String contentType;
    private final Function<Refusal, String> body;
    private boolean dropping;

    NettyRequestGuard(String contentType, Function<Refusal, String> body) {
        this.contentType = contentType;
        this.body = body;
    }

    /**
     * The customisation of the server (for Spring Boot's {@code NettyServerCustomizer}).
     *
     * @param contentType the refusal's content type (e.g. {@code application/problem+json})
     * @param body        the refusal's body in the service's error shape
     */
    public static UnaryOperator<HttpServer> of(String contentType, Function<Refusal, String> body) {
        return server -> server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(NAME) == null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new NettyRequestGuard(contentType, body));
            }
        });
    }

    /** The refusal of a request target, if its query string is not acceptable. */
    static Optional<Refusal> refusal(String target) {
        int question = target.indexOf('?');
        if (question < 0) {
            return Optional.empty();
        }
        int hash = target.indexOf('#', question);
        String query = target.substring(question + 1, hash < 0 ? target.length() : hash);
        return RequestChecks.queryProblem(query)
                .map(problem -> new Refusal(Refusal.Kind.MALFORMED_QUERY, "malformed query string: " + problem));
    }

    /**
     * The refusal of a {@code Transfer-Encoding} other than exactly one {@code chunked} (RFC 9112 §6.1: chunked at most
     * once; no other coding is supported): Netty would read such a body as chunked and stall on it. A 400, as
     * Tomcat's answer was, with the kind every service already maps to its 400 problem.
     */
    static Optional<Refusal> transferCodingRefusal(java.util.List<String> codings) {
        if (codings.isEmpty() || codings.size() == 1 && codings.get(0).strip().equalsIgnoreCase("chunked")) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(Refusal.Kind.MALFORMED_QUERY, "unsupported Transfer-Encoding "
                + printable(String.join(", ", codings)) + "; send a Content-Length, or chunked alone"));
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < Math.min(text.length(), 80); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf(c) : "?");
        }
        return out.append("'").toString();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (dropping) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            Optional<Refusal> refusal = refusal(request.uri())
                    .or(() -> transferCodingRefusal(request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING)));
            if (refusal.isPresent()) {
                dropping = true;
                boolean head = HttpMethod.HEAD.equals(request.method());
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(response(refusal.get(), head)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        if (msg instanceof HttpContent && msg instanceof LastHttpContent && dropping) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private FullHttpResponse response(Refusal refusal, boolean head) {
        byte[] bytes = body.apply(refusal).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(refusal.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
