package dev.ep.reporting.stream;

import dev.ep.schemas.failure.DeadLetterReason;

import dev.ep.reporting.attribution.UnitInput;
import java.util.List;

/** What decoding made of one input record: inputs for units, or a poison record for the dead-letter topic. */
sealed interface Routed {

    /** The inputs of the units the record concerns, each with its unit key ({@code unitType/unitId}). */
    record ToUnits(List<Keyed> inputs) implements Routed {
        public ToUnits {
            inputs = List.copyOf(inputs);
        }
    }

    /** One unit's input. */
    record Keyed(String unitKey, UnitInput input) {
    }

    /** Cannot be processed, ever: to the dead-letter topic with why. */
    record Poison(DeadLetterReason reason, Exception cause) implements Routed {
    }
}
