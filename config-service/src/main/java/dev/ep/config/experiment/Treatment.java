package dev.ep.config.experiment;

import java.util.regex.Pattern;

import dev.ep.config.problem.Checks;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * One variant: name (lower-case, unique in the experiment), description, control flag, weight in
 * basis points (checked, with the treatment's index, by {@link Treatments}), variables.
 */
public record Treatment(String name, String description, boolean control, int weightBasisPoints,
        Variables variables) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,63}");

    public Treatment {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigException(ErrorCode.INVALID_TREATMENTS, "treatment name: '" + name
                    + "' is not valid (1-64 lower-case letters, digits, '_', '-')");
        }
        description = Checks.optional("treatment " + name + " description", description, 2_000);
        if (variables == null) {
            variables = Variables.EMPTY;
        }
    }

    public Treatment withWeight(int basisPoints) {
        return new Treatment(name, description, control, basisPoints, variables);
    }
}
