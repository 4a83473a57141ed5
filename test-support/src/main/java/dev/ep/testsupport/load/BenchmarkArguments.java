package dev.ep.testsupport.load;

import java.util.Map;

/** The {@code name=value} command-line arguments of the project's benchmarks. */
public final class BenchmarkArguments {

    private BenchmarkArguments() {
    }

    /**
     * Overrides the defaults in {@code options} with each {@code name=value} argument; an argument without {@code =}
     * or with a name that has no default is refused, naming the known ones.
     */
    public static Map<String, String> apply(Map<String, String> options, String[] args) {
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2 || !options.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; known: " + options.keySet());
            }
            options.put(kv[0], kv[1]);
        }
        return options;
    }
}
