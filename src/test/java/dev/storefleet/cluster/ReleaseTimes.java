package dev.storefleet.cluster;

import dev.storefleet.domain.Store;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** For the benchmarks' timed adapters: the time spent inside calls, added up per store release. */
final class ReleaseTimes {
    private final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();

    void reset() {
        nanos.clear();
    }

    long nanosFor(String release) {
        AtomicLong n = nanos.get(release);
        return n == null ? 0 : n.get();
    }

    <T> T timed(Store store, Supplier<T> call) {
        long t = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos.computeIfAbsent(store.releaseName(), r -> new AtomicLong()).addAndGet(System.nanoTime() - t);
        }
    }
}
