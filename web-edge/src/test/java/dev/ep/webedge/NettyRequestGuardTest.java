package dev.ep.webedge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NettyRequestGuardTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new NettyRequestGuard("application/problem+json",
                refusal -> "{\"detail\":\"" + refusal.detail() + "\"}"));
    }

    @Test
    void shouldRefuseAQueryThatIsNoPercentEncodedUtf8WithTheServicesBodyAndClose() {
        // given
        EmbeddedChannel channel = channel();

        // when
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/assign?sessionId=%ZZ"));

        // then
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.headers().get("content-type")).isEqualTo("application/problem+json");
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("malformed query string");
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        response.release();
    }

    @Test
    void shouldPassAWellFormedRequestUntouched() {
        // given
        EmbeddedChannel channel = channel();
        HttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/v1/assign?sessionId=s-1&attr.city=K%C3%B6ln");

        // when
        channel.writeInbound(request);

        // then
        assertThat((Object) channel.readInbound()).isSameAs(request);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(NettyRequestGuard.refusal("/v1/assign")).isEmpty();
        assertThat(NettyRequestGuard.refusal("/v1/assign?=x")).isPresent();
        assertThat(NettyRequestGuard.transferCodingRefusal(java.util.List.of(" Chunked"))).isEmpty();
        assertThat(NettyRequestGuard.transferCodingRefusal(java.util.List.of("chunked, chunked"))).isPresent();
        assertThat(NettyRequestGuard.transferCodingRefusal(java.util.List.of("gzip"))).isPresent();
        assertThat(NettyRequestGuard.transferCodingRefusal(java.util.List.of("chunked", "chunked"))).isPresent();
    }
}
