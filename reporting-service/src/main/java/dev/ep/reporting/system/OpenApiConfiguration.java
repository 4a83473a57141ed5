package dev.ep.reporting.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}): bearer authentication on every operation and RFC 9457 problem
 * details as the error response of every operation.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI reportingServiceApi() {
        Schema<?> problem = new ObjectSchema().description("RFC 9457 problem detail; code names the error")
                .addProperty("type", new StringSchema().example("https://ep.dev/problems/invalid-request"))
                .addProperty("title", new StringSchema()).addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("what to fix, naming the field"))
                .addProperty("instance", new StringSchema()).addProperty("code", new StringSchema())
                .addProperty("field", new StringSchema().description("JSON path of the offending member"));
        return new OpenAPI()
                .info(new Info().title("reporting-service").version("v1")
                        .description("Experiment results and the statistics behind them. POST /v1/analysis recomputes"
                                + " every figure from per-arm sufficient statistics; POST /v1/power sizes an"
                                + " experiment. Every operation needs a bearer token (the viewer model of"
                                + " config-service)."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                        .addSchemas(PROBLEM, problem))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> api.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                operation.getResponses().addApiResponse("default", new ApiResponse()
                        .description("refused: a problem detail saying what to fix")
                        .content(new Content().addMediaType("application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))))));
    }
}
