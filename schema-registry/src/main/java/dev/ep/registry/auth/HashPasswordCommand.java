package dev.ep.registry.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;

/**
 * {@code java -jar schema-registry-*-exec.jar hash-password}: reads a password (the first line of standard input)
 * and prints its {@link PasswordHash} for {@code EP_REGISTRY_WRITERS=user:<hash>}. No web server starts.
 */
public final class HashPasswordCommand {

    public static final String NAME = "hash-password";

    private HashPasswordCommand() {
    }

    /** Returns the process exit code. */
    public static int run(BufferedReader in, PrintStream out, PrintStream err) throws IOException {
        String password = in.readLine();
        if (password == null || password.isEmpty()) {
            err.println("usage: echo -n 'the password' | java -jar schema-registry-*-exec.jar " + NAME
                    + "   (reads the first line of standard input; prints the hash for EP_REGISTRY_WRITERS=user:<hash>)");
            return 2;
        }
        out.println(PasswordHash.create(password, PasswordHash.DEFAULT_ITERATIONS, new SecureRandom()).encoded());
        return 0;
    }
}
