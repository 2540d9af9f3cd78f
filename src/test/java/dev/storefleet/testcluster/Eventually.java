package dev.storefleet.testcluster;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling for the fixture's own tests: the simulated cluster gets there asynchronously, as a real one does. */
final class Eventually {

    private static final Duration DEFAULT = Duration.ofSeconds(20);

    private Eventually() {
    }

    /** Reads until {@code done} holds or 20 s pass; returns the last value read (the caller asserts on it). */
    static <T> T until(Supplier<T> read, Predicate<T> done) {
        return until(read, done, DEFAULT);
    }

    static <T> T until(Supplier<T> read, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = read.get();
        }
        return value;
    }
}
