package dev.ep.assignment.assign;

import dev.ep.assignment.api.StorefrontRoute;
import dev.ep.assignment.system.AssignmentProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/assign} and {@code /v1/coverage} on the storefront's direct route ({@link StorefrontRoute}): the same
 * body readers, controller methods and answer writers as the annotated endpoints, with the same body bound.
 */
@Configuration(proxyBeanMethods = false)
class AssignRoutes {

    @Bean
    StorefrontRoute.Endpoint<AssignController.AssignBody, AssignController.AssignResponse> assignEndpoint(
            AssignController controller, JsonMapper mapper, AssignmentProperties properties) {
        return new StorefrontRoute.Endpoint<>("/v1/assign", HttpStatus.OK,
                AssignJson.decoder(mapper, (int) properties.maxBodyBytes()), controller::assign,
                AssignJson.encoder(mapper), properties.maxBodyBytes());
    }

    @Bean
    StorefrontRoute.Endpoint<CoverageController.CoverageBody, CoverageController.CoverageResponse> coverageEndpoint(
            CoverageController controller, JsonMapper mapper, AssignmentProperties properties) {
        return new StorefrontRoute.Endpoint<>("/v1/coverage", HttpStatus.OK,
                CoverageJson.decoder(mapper, (int) properties.maxBodyBytes()), controller::cover,
                CoverageJson.encoder(mapper), properties.maxBodyBytes());
    }
}
