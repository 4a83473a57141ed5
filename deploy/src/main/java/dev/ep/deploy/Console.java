package dev.ep.deploy;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/** Progress lines on the terminal: elapsed time, process name, message. */
final class Console {

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final long start;

    Console(PrintStream out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    static Console system() {
        return new Console(System.out, System::nanoTime);
    }

    static String formatStep(double elapsedSeconds, String name, String message) {
        return String.format(Locale.ROOT, "[%6.1fs] %-18s %s", elapsedSeconds, name, message);
    }

    synchronized void step(String name, String message) {
        out.println(formatStep((nanoTime.getAsLong() - start) / 1e9, name, message));
        out.flush();
    }

    synchronized void line(String text) {
        out.println(text);
        out.flush();
    }
}
