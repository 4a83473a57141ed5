package dev.ep.config.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import dev.ep.config.system.ApiException;
import org.junit.jupiter.api.Test;

class CommandGatewayTest {

    @Test
    void shouldReadTheVersionWhenIfMatchIsAnEntityTag() {
        assertThat(CommandGateway.parseIfMatch("\"3\"")).isEqualTo(OptionalLong.of(3));
        assertThat(CommandGateway.parseIfMatch("W/\"3\"")).isEqualTo(OptionalLong.of(3));
        assertThat(CommandGateway.parseIfMatch("3")).isEqualTo(OptionalLong.of(3));
        assertThat(CommandGateway.parseIfMatch("*")).isEmpty();
        assertThat(CommandGateway.parseIfMatch(null)).isEmpty();
        assertThat(CommandGateway.etag(3)).isEqualTo("\"3\"");
    }

    @Test
    void shouldRefuseIfMatchWhenItIsNotAVersion() {
        assertThatThrownBy(() -> CommandGateway.parseIfMatch("\"abc\"")).isInstanceOf(ApiException.class)
                .hasMessageContaining("If-Match");
        assertThatThrownBy(() -> CommandGateway.parseIfMatch("-1")).isInstanceOf(ApiException.class);
    }
}
