package dev.ep.simulator;

import dev.ep.simulator.cli.Cli;

/**
 * The simulator's command line: {@code run} (a simulation against the platform, or offline), {@code demo} (seeds
 * the local platform with realistic experiments and a day of traffic) and {@code statistical} (the offline
 * statistical validation). Exit code 0 only when every validation passed; 1 a validation failed; 2 a usage error;
 * 3 the platform could not be set up or reached.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(Cli.run(args, System.out, System.err, System.getenv()));
    }
}
