package dev.storefleet.store;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Whether a store answered its probe at its public URL, remembered for {@link #REMEMBERED}: the
 * calls of one operator action (a verification places, lists and reads) probe once, while a store
 * that went up or down is noticed within seconds. A call that could not reach the store forgets
 * what was remembered, so the next call probes again.
 */
final class Reachability {
    static final Duration REMEMBERED = Duration.ofSeconds(30);

    /** A store by namespace (one per store) and the URL it was probed at (the Secret may change it). */
    private record Key(String namespace, URI home) {
    }

    /** {@code whyNot} null: the store answered at its public URL. */
    private record Seen(String whyNot, Instant until) {
    }

    private final Map<Key, Seen> seen = new ConcurrentHashMap<>();
    private final Clock clock;

    Reachability(Clock clock) {
        this.clock = clock;
    }

    /** Null if the store answers at {@code home}, else why not: remembered, or from {@code probe} now. */
    String whyNot(String namespace, URI home, Supplier<String> probe) {
        Key key = new Key(namespace, home);
        Instant now = clock.instant();
        Seen last = seen.get(key);
        if (last != null && now.isBefore(last.until())) {
            return last.whyNot();
        }
        String whyNot = probe.get();
        seen.put(key, new Seen(whyNot, now.plus(REMEMBERED)));
        return whyNot;
    }

    void forget(String namespace, URI home) {
        seen.remove(new Key(namespace, home));
    }
}
