package dev.storefleet.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts calls that were inside at the same time for the same key (a store's release), and
 * the most distinct keys inside at once. Used around cluster calls to prove one operation
 * per store at a time and a bounded number of stores in flight.
 */
public final class OverlapDetector {
    private final Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger keysInside = new AtomicInteger();
    private final AtomicInteger maxKeysInside = new AtomicInteger();

    /** Marks a call for {@code key} as inside until the returned handle is closed. */
    public AutoCloseable enter(String key) {
        AtomicInteger count = inside.computeIfAbsent(key, k -> new AtomicInteger());
        if (count.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        maxKeysInside.accumulateAndGet(keysInside.incrementAndGet(), Math::max);
        return () -> {
            keysInside.decrementAndGet();
            count.decrementAndGet();
        };
    }

    public int overlaps() {
        return overlaps.get();
    }

    public int maxKeysInside() {
        return maxKeysInside.get();
    }
}
