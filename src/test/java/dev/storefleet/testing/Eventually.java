package dev.storefleet.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The one wait of the tests: checks a condition every few milliseconds until it holds, and
 * fails saying what was awaited (and, if given, what was seen) once the time is up.
 */
public final class Eventually {
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private Eventually() {
    }

    public static void await(String what, Callable<Boolean> condition) throws Exception {
        await(what, DEFAULT, condition);
    }

    public static void await(String what, Duration within, Callable<Boolean> condition) throws Exception {
        await(what, within, condition, () -> "");
    }

    /** @param seen what the failure says was seen instead, read once the time is up */
    public static void await(String what, Duration within, Callable<Boolean> condition, Callable<String> seen)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                String instead = seen.call();
                throw new AssertionError("waited " + within.toMillis() + " ms for " + what
                        + (instead.isEmpty() ? "" : "; " + instead));
            }
            Thread.sleep(10);
        }
    }
}
