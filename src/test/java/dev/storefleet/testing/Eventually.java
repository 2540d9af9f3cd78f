package dev.storefleet.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one wait of the tests: checks every few milliseconds until something holds or the time is up.
 * Two shapes: {@code until} returns the last value read and leaves the verdict to the caller's
 * assert; {@code await} fails itself, saying what was awaited (and, if given, what was seen).
 */
public final class Eventually {
    /** How long {@code until} reads by default: the simulated cluster gets there asynchronously, as a real one does. */
    public static final Duration UNTIL_DEFAULT = Duration.ofSeconds(20);
    /** How long {@code await} waits by default. */
    public static final Duration AWAIT_DEFAULT = Duration.ofSeconds(10);
    private static final long POLL_MS = 20;

    private Eventually() {
    }

    /** Reads until {@code done} holds or 20 s pass; returns the last value read (the caller asserts on it). */
    public static <T> T until(Supplier<T> read, Predicate<T> done) {
        return until(read, done, UNTIL_DEFAULT);
    }

    /** The same within {@code timeout}; an interrupt ends the wait early, with the flag kept. */
    public static <T> T until(Supplier<T> read, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = read.get();
        }
        return value;
    }

    public static void await(String what, Callable<Boolean> condition) throws Exception {
        await(what, AWAIT_DEFAULT, condition);
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
            Thread.sleep(POLL_MS);
        }
    }
}
