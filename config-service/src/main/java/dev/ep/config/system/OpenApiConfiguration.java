package dev.ep.config.system;

import dev.ep.config.security.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}): bearer authentication on every operation, RFC 9457 problem details
 * as the error response of every operation, and no trace of the {@link Caller} argument, which comes from the token,
 * never from the request.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI configServiceApi() {
        Schema<?> problem = new ObjectSchema().description("RFC 9457 problem detail; code names the error")
                .addProperty("type", new StringSchema().example("https://ep.dev/problems/unknown-field"))
                .addProperty("title", new StringSchema()).addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("what to fix, naming the field"))
                .addProperty("instance", new StringSchema()).addProperty("code", new StringSchema());
        return new OpenAPI()
                .info(new Info().title("config-service").version("v1")
                        .description("Event-sourced experiment configuration: layers, holdout, experiments, metric"
                                + " catalogue, history and audit. Reads need any token; changes need role owner or"
                                + " admin."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                        .addSchemas(PROBLEM, problem))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Every operation may answer with a problem detail (400, 401, 403, 404, 409, 412, 413, 415, 422). */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> api.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                operation.getResponses().addApiResponse("default", new ApiResponse()
                        .description("refused: a problem detail saying what to fix")
                        .content(new Content().addMediaType("application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))))));
    }
}
