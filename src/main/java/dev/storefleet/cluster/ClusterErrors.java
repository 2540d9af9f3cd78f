package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.StoreException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;

/**
 * Turns fabric8 and Helm failures into ClusterException naming the operation and object, and
 * tells what kind of failure one is. fabric8's are told apart by what they carry (exception types,
 * the API server's HTTP status and Status object); the two failures below that a library reports
 * in words only are matched on those words here, and nowhere else.
 */
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
        // fabric8 wraps a failure that got no answer in words that say nothing ("An error has
        // occurred.", "Operation: [get] for kind ... failed."); the cause says it.
        String message = e.getMessage();
        while ((message == null || isUnanswered(e)) && e.getCause() != null) {
            e = e.getCause();
            message = e.getMessage();
        }
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    /**
     * fabric8's wrapper of a failure before any answer from the API server (I/O, interrupt): it
     * carries no Status and no HTTP code ({@code KubernetesClientException.launderThrowable}).
     */
    private static boolean isUnanswered(Throwable e) {
        return e instanceof KubernetesClientException k && k.getStatus() == null && k.getCode() <= 0;
    }

    /** The HTTP status the API server answered with, if the failure was an answer of it. */
    static OptionalInt httpStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() > 0) {
                return OptionalInt.of(k.getCode());
            }
        }
        return OptionalInt.empty();
    }

    /** The API server answered but refused the caller: not authenticated (401) or not allowed (403). */
    static boolean isRefusedCredentials(Throwable e) {
        OptionalInt status = httpStatus(e);
        return status.isPresent() && (status.getAsInt() == 401 || status.getAsInt() == 403);
    }

    /**
     * Helm's own "no such release" (its driver.ErrReleaseNotFound), not any 404 on the way. Words
     * only: helm-java turns every Helm error into an IllegalStateException of Helm's message (its
     * native call returns the error as text), so there is nothing else to tell it by.
     */
    static boolean isHelmReleaseNotFound(RuntimeException e) {
        return String.valueOf(e.getMessage()).contains("release: not found");
    }

    /**
     * fabric8 found no running pod behind a Service it was asked to port-forward to. Words only:
     * fabric8 throws a plain IllegalStateException whose message holds the whole Service object.
     */
    static boolean isNoPodBehindService(RuntimeException e) {
        return e instanceof IllegalStateException
                && String.valueOf(e.getMessage()).startsWith("Could not find matching pod for service");
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
