package dev.ep.assignment.tracking;

import dev.ep.assignment.api.StorefrontRoute;
import dev.ep.assignment.system.AssignmentProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/events} on the storefront's direct route ({@link StorefrontRoute}): the same body reader, controller
 * method, answer writer, success status (202) and body bound (1 MB) as the annotated endpoint.
 */
@Configuration(proxyBeanMethods = false)
class EventsRoute {

    @Bean
    StorefrontRoute.Endpoint<EventsController.EventBatch, EventsController.Accepted> eventsEndpoint(
            EventsController controller, JsonMapper mapper, AssignmentProperties properties) {
        return new StorefrontRoute.Endpoint<>("/v1/events", HttpStatus.ACCEPTED,
                EventsJson.decoder(mapper, (int) properties.maxEventBodyBytes()), controller::events,
                EventsJson.encoder(mapper), properties.maxEventBodyBytes());
    }
}
