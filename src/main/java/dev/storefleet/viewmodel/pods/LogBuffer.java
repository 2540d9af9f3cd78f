package dev.storefleet.viewmodel.pods;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The log lines a view shows, at most {@code capacity} of them (the newest). Lines arrive on any
 * thread, as fast as a container writes them; they wait here (also at most {@code capacity}) and
 * reach the UI thread in batches: one flush per {@code flushes} tick however many lines came, so
 * a chatty container costs one list change per tick, not one {@code runLater} per line.
 *
 * <p>Each source of lines is a generation ({@link #restart}): lines still in flight from a follow
 * that was stopped or replaced are dropped when they arrive.
 */
final class LogBuffer {
    private final int capacity;
    private final Executor flushes;
    private final ObservableList<String> shown = FXCollections.observableArrayList();
    private final ObservableList<String> shownView = FXCollections.unmodifiableObservableList(shown);

    // guarded by this
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private boolean flushScheduled;
    private long generation;

    /** @param flushes runs a flush on the UI thread after a short delay (coalescing what arrives meanwhile) */
    LogBuffer(int capacity, Executor flushes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.flushes = Objects.requireNonNull(flushes);
    }

    /** Starts a new source: what is shown and pending is dropped, and so are late lines of the old one. UI thread. */
    synchronized long restart() {
        generation++;
        pending.clear();
        shown.clear();
        return generation;
    }

    /** The current source's generation. */
    synchronized long generation() {
        return generation;
    }

    /** Lines of source {@code of}; any thread. Ignored if another source has started since. */
    void append(long of, List<String> lines) {
        boolean schedule;
        synchronized (this) {
            if (of != generation || lines.isEmpty()) {
                return;
            }
            int skip = Math.max(0, lines.size() - capacity);
            for (int i = skip; i < lines.size(); i++) {
                pending.addLast(lines.get(i));
            }
            while (pending.size() > capacity) {
                pending.removeFirst();
            }
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (schedule) {
            flushes.execute(this::flush);
        }
    }

    /** Shows {@code lines} at once in place of everything (a tail that was read whole). UI thread. */
    void showAll(long of, List<String> lines) {
        synchronized (this) {
            if (of != generation) {
                return;
            }
            pending.clear();
        }
        shown.setAll(lines.size() > capacity ? lines.subList(lines.size() - capacity, lines.size()) : lines);
    }

    /** Moves what waits onto the shown list and trims it to the capacity. UI thread. */
    private void flush() {
        List<String> batch;
        synchronized (this) {
            flushScheduled = false;
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() >= capacity) {
            shown.setAll(batch);
            return;
        }
        int overflow = shown.size() + batch.size() - capacity;
        if (overflow > 0) {
            shown.remove(0, overflow);
        }
        shown.addAll(batch);
    }

    /** Lines waiting for the next flush; for tests of the bound. */
    synchronized int pendingCount() {
        return pending.size();
    }

    int capacity() {
        return capacity;
    }

    ObservableList<String> lines() {
        return shownView;
    }
}
