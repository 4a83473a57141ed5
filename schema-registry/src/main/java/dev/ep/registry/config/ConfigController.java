package dev.ep.registry.config;

import dev.ep.registry.core.CompatibilityLevel;
import dev.ep.registry.core.ErrorCode;
import dev.ep.registry.core.RegistryException;
import dev.ep.registry.core.Subjects;
import dev.ep.registry.system.ConfluentMediaTypes;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /config}: compatibility levels. As in Confluent, reads answer {@code compatibilityLevel} and updates
 * take and answer {@code compatibility}.
 */
@RestController
@RequestMapping(path = "/config",
        produces = {ConfluentMediaTypes.V1_JSON, ConfluentMediaTypes.JSON, MediaType.APPLICATION_JSON_VALUE})
class ConfigController {

    private final CompatibilityConfig config;

    ConfigController(CompatibilityConfig config) {
        this.config = config;
    }

    record Level(String compatibilityLevel) {
        static Level of(CompatibilityLevel level) {
            return new Level(level.name());
        }
    }

    /** Update body; {@code compatibilityLevel} is accepted too because some clients send the read name back. */
    record Update(String compatibility, String compatibilityLevel) {
        CompatibilityLevel level() {
            return CompatibilityLevel.parse(compatibility != null ? compatibility : compatibilityLevel);
        }
    }

    record Updated(String compatibility) {
    }

    @GetMapping
    Level global() {
        return Level.of(config.global());
    }

    @PutMapping
    Updated setGlobal(@RequestBody Update update) {
        CompatibilityLevel level = update.level();
        config.setGlobal(level);
        return new Updated(level.name());
    }

    @GetMapping("/{subject}")
    Level subject(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean defaultToGlobal) {
        if (defaultToGlobal) {
            return Level.of(config.effective(subject));
        }
        return config.subject(subject).map(Level::of).orElseThrow(() -> notConfigured(subject));
    }

    @PutMapping("/{subject}")
    Updated setSubject(@PathVariable String subject, @RequestBody Update update) {
        Subjects.validate(subject);
        CompatibilityLevel level = update.level();
        config.setSubject(subject, level);
        return new Updated(level.name());
    }

    /** Drops the subject's own level so the global one applies again; answers the level it had. */
    @DeleteMapping("/{subject}")
    Level deleteSubject(@PathVariable String subject) {
        return config.deleteSubject(subject).map(Level::of).orElseThrow(() -> notConfigured(subject));
    }

    private static RegistryException notConfigured(String subject) {
        return new RegistryException(ErrorCode.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }
}
