package dev.ep.config.relay;

import java.util.List;

import dev.ep.config.security.AdminOnly;
import dev.ep.config.security.Caller;
import dev.ep.config.system.ApiError;
import dev.ep.config.system.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The way out of a parked outbox row: list them (any role) and release one (admin) once its cause is understood.
 * Releasing publishes nothing: the aggregate's next change publishes its whole current snapshot.
 */
@RestController
@RequestMapping("/v1/relay/parked")
class ParkedController {

    private final ParkedRows parked;

    ParkedController(ParkedRows parked) {
        this.parked = parked;
    }

    @GetMapping
    List<ParkedRows.Parked> list() {
        return parked.list();
    }

    @AdminOnly
    @DeleteMapping("/{sequence}")
    ResponseEntity<Void> release(@PathVariable long sequence, Caller caller) {
        if (!parked.release(sequence, caller.principal())) {
            throw new ApiException(ApiError.NOT_FOUND, "sequence " + sequence + " is not parked");
        }
        return ResponseEntity.noContent().build();
    }
}
