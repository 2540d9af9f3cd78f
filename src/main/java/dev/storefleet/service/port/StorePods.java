package dev.storefleet.service.port;

import dev.storefleet.domain.Store;
import java.util.List;

/**
 * The pods of a store's Helm release (the setup Job's included) and their containers' logs,
 * read-only. Failures are ClusterException naming the pod and the operation.
 */
public interface StorePods {

    /** The release's pods in the store's namespace, oldest first; empty when there are none (yet). */
    List<PodSummary> pods(Store store);

    /**
     * The newest {@code request.tailLines()} lines of a container's log, oldest first. Lines longer
     * than {@link #MAX_LINE_BYTES} are cut, and at most {@link #MAX_TAIL_BYTES} of text is kept
     * (the newest), so a huge log cannot fill the console's memory.
     */
    List<String> tail(Store store, LogRequest request);

    /**
     * Follows a container's log: its last {@code request.tailLines()} lines, then every new line as
     * it is written, handed to {@code sink} on the cluster client's threads. Returns once the log
     * stream is open; ends when the returned follow is closed, the container stops or the
     * connection drops ({@link LogSink#ended}).
     */
    LogFollow follow(Store store, LogRequest request, LogSink sink);

    /** Lines longer than this are cut (a log line of megabytes is a dump, not a line). */
    int MAX_LINE_BYTES = 16 * 1024;
    /** The most log text one tail keeps. */
    int MAX_TAIL_BYTES = 4 * 1024 * 1024;

    /** Which log: a container of a pod, its current instance or the one before ({@code previous}). */
    record LogRequest(String pod, String container, int tailLines, boolean previous) {
    }

    /** Receives a followed log; called from the cluster client's threads, one call at a time. */
    interface LogSink {
        void lines(List<String> lines);

        /** The stream ended; {@code reason} says why in words, or is null when the follow was closed. */
        void ended(String reason);
    }

    /** An open follow of a log. */
    interface LogFollow extends AutoCloseable {
        /** Stops following and releases the connection; idempotent. */
        @Override
        void close();
    }
}
