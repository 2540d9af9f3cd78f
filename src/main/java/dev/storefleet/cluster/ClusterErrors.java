package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.StoreException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Turns fabric8 and Helm failures into ClusterException naming the operation and object. */
final class ClusterErrors {
    private ClusterErrors() {
    }

    /** {@code operation} reads like "installing release store-x in namespace store-x". */
    static ClusterException wrap(String operation, RuntimeException e) {
        if (e instanceof ClusterException cluster) {
            return cluster;
        }
        if (e instanceof StoreException) {
            return new ClusterException(operation + ": " + e.getMessage(), e);
        }
        return new ClusterException(operation + ": " + reason(e), e);
    }

    /** The words of an error: the API's status message, or what the network said. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException) {
                return "interrupted (the operation was cancelled or the console is closing)";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.http.HttpTimeoutException) {
                return "the API server did not answer in time";
            }
        }
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage() + " (HTTP " + k.getCode() + ")";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.NoSuchFileException || t instanceof java.io.FileNotFoundException) {
                return "file not found: " + t.getMessage();
            }
        }
        String message = e.getMessage();
        // fabric8 wraps the real problem in a message that says nothing ("An error has occurred.",
        // "Operation: [get] for kind ... failed."); the cause says it.
        while ((message == null || message.startsWith("An error has occurred")
                || (message.startsWith("Operation: [") && message.endsWith("failed."))) && e.getCause() != null) {
            e = e.getCause();
            message = e.getMessage();
        }
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    /**
     * Helm reports several errors as "1 error occurred:\n\t* the cause\n\n": the cause is on the
     * lines after the first, so the message is folded onto one line rather than cut.
     */
    static String oneLine(String message) {
        String folded = message.strip()
                .replaceAll("\\s*\\n\\s*\\*\\s*", "; ")
                .replaceAll("\\s*\\n\\s*", " ")
                .replaceAll("^\\d+ errors? occurred:(;\\s*)?", "")
                .strip();
        return folded.isEmpty() ? message.strip() : folded;
    }
}
