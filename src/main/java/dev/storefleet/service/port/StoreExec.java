package dev.storefleet.service.port;

import dev.storefleet.domain.Store;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Runs one command inside a container of a store's pod through the Kubernetes exec API and streams
 * its standard input and output, for backups and restores. The command is an argv run in the
 * container; nothing runs in a shell on the operator's machine.
 */
public interface StoreExec {

    /**
     * Runs {@code argv} in the running pod of the store's release labelled with
     * {@code target.component()}, in {@code target.container()}. Copies {@code stdin} (may be null:
     * no input) to the command and the command's standard output to {@code stdout} as it comes,
     * with bounded buffering whatever the size; standard error is kept (its last few KB) for the
     * error message. Returns when the command exited with status 0 and all its output was written.
     *
     * @param progress  told of the bytes sent and received so far, from the streaming threads
     * @param cancelled polled while streaming; when it turns true the stream is closed
     * @throws CancellationException when {@code cancelled} turned true before the command ended
     * @throws dev.storefleet.domain.ClusterException when no such pod runs, the exec could not be
     *         opened, the connection dropped or the command exited non-zero (its status and the end
     *         of its standard error in the message)
     */
    void run(Store store, ExecTarget target, List<String> argv, InputStream stdin, OutputStream stdout,
            ExecProgress progress, BooleanSupplier cancelled);

    /** Which container: the chart's {@code app.kubernetes.io/component} label and the container name. */
    record ExecTarget(String component, String container) {
    }

    /** Bytes streamed so far; called often, keep it cheap. */
    @FunctionalInterface
    interface ExecProgress {
        ExecProgress NONE = (sent, received) -> { };

        void bytes(long sent, long received);
    }
}
