package dev.storefleet.testcluster;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each container instance printed, by container ID, as the container runtime keeps it:
 * the kubelet writes a start line and the lines faults print, tests add more, the log endpoint
 * reads and follows. Each log keeps its last {@value #MAX_LINES} lines. A log ends when its
 * container stops or its pod goes; followers then finish. Thread-safe; followers wait on the
 * log itself and hold no other lock.
 */
final class ContainerLogs {

    static final int MAX_LINES = 10_000;

    record Line(long sequence, Instant time, String text) {
    }

    /** One container instance's output. */
    static final class Log {
        private final ArrayDeque<Line> lines = new ArrayDeque<>();
        private long nextSequence;
        private boolean ended;

        synchronized void append(String... texts) {
            Instant now = Instant.now();
            for (String t : texts) {
                if (lines.size() == MAX_LINES) {
                    lines.removeFirst();
                }
                lines.addLast(new Line(nextSequence++, now, t));
            }
            notifyAll();
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        synchronized boolean ended() {
            return ended;
        }

        synchronized List<Line> snapshot() {
            return new ArrayList<>(lines);
        }

        /** Lines with a sequence number of {@code from} or more. */
        synchronized List<Line> from(long from) {
            List<Line> out = new ArrayList<>();
            for (var it = lines.descendingIterator(); it.hasNext(); ) {
                Line l = it.next();
                if (l.sequence() < from) {
                    break;
                }
                out.add(l);
            }
            java.util.Collections.reverse(out);
            return out;
        }

        /** Waits up to {@code millis} for a line numbered {@code from} or later, or the end; waiting releases the log. */
        synchronized void awaitAfter(long from, long millis) throws InterruptedException {
            if (nextSequence <= from && !ended) {
                wait(millis);
            }
        }
    }

    private final Map<String, Log> byContainerId = new ConcurrentHashMap<>();

    /** A new, empty log for a container instance that starts now. */
    Log start(String containerId) {
        Log log = new Log();
        byContainerId.put(containerId, log);
        return log;
    }

    /** The log of a container instance, or null when it never ran here or was dropped. */
    Log get(String containerId) {
        return containerId == null ? null : byContainerId.get(containerId);
    }

    void end(String containerId) {
        Log log = get(containerId);
        if (log != null) {
            log.end();
        }
    }

    /** Ends and forgets an instance's log (its pod was deleted, or a newer instance replaced it as "previous"). */
    void drop(String containerId) {
        Log log = containerId == null ? null : byContainerId.remove(containerId);
        if (log != null) {
            log.end();
        }
    }

    int size() {
        return byContainerId.size();
    }
}
