package dev.ep.simulator.run;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/** A one-line progress bar on stderr (carriage return, redrawn twice a second), for a terminal. */
public final class Progress implements AutoCloseable {

    private final PrintStream out;
    private final long total;
    private final LongSupplier done;
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    public Progress(PrintStream out, long total, LongSupplier done) {
        this.out = out;
        this.total = total;
        this.done = done;
        this.thread = new Thread(this::loop, "sim-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            draw();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static String bar(long done, long total, double seconds) {
        int width = 30;
        double share = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(share * width);
        double rate = seconds > 0 ? done / seconds : 0;
        return String.format("[%s%s] %3d%% %d/%d sessions, %.0f/s, %.0f s", "#".repeat(filled),
                ".".repeat(width - filled), Math.round(share * 100), done, total, rate, seconds);
    }

    private void draw() {
        out.print("\r" + bar(done.getAsLong(), total, (System.nanoTime() - started) / 1e9));
        out.flush();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        draw();
        out.println();
    }
}
