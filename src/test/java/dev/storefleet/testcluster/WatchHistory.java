package dev.storefleet.testcluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.storefleet.testcluster.ObjectStore.EventType;
import dev.storefleet.testcluster.Resources.Resource;

/**
 * The latest changes, so that a watch resuming from a resourceVersion gets what happened since
 * (as the API server's watch cache does) instead of only what comes next; and the point below
 * which resourceVersions are "too old" (410 Gone), because they fell out of this window or
 * because a test compacted them away. Callers hold the store's lock.
 */
final class WatchHistory {

    /** One change as it was sent to watchers; the object is kept as JSON text, which is smaller than a tree. */
    record Change(long resourceVersion, EventType type, Resource resource, String json) {
    }

    private final int capacity;
    private final ArrayDeque<Change> changes;
    private long droppedUpTo;
    private long expiredBelow;

    WatchHistory(int capacity) {
        this.capacity = capacity;
        this.changes = new ArrayDeque<>(capacity);
    }

    void add(Change c) {
        if (changes.size() == capacity) {
            droppedUpTo = Math.max(droppedUpTo, changes.removeFirst().resourceVersion());
        }
        changes.addLast(c);
    }

    /** From now on a watch resuming from a resourceVersion below {@code resourceVersion} gets 410 Gone. */
    void expireBelow(long resourceVersion) {
        expiredBelow = Math.max(expiredBelow, resourceVersion);
    }

    /** Whether changes after {@code resourceVersion} may be missing here. */
    boolean tooOld(long resourceVersion) {
        return resourceVersion < expiredBelow || resourceVersion < droppedUpTo;
    }

    /** The oldest resourceVersion a watch can still resume from, for the 410 message. */
    long oldestResumable() {
        return Math.max(expiredBelow, droppedUpTo);
    }

    List<Change> after(long resourceVersion) {
        List<Change> out = new ArrayList<>();
        for (var it = changes.descendingIterator(); it.hasNext(); ) {
            Change c = it.next();
            if (c.resourceVersion() <= resourceVersion) {
                break;
            }
            out.add(c);
        }
        java.util.Collections.reverse(out);
        return out;
    }
}
