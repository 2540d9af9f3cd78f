package dev.storefleet.viewmodel;

import dev.storefleet.domain.ErrorKind;
import dev.storefleet.domain.KubeconfigException;
import dev.storefleet.domain.StoreException;

/**
 * Turns any failure into words for the operator: what happened (the error's own message) and,
 * where the message does not already say it, what to do next. Never a stack trace.
 */
public final class ErrorMessages {
    private ErrorMessages() {
    }

    public static String of(Throwable failure) {
        Throwable cause = UiExecutors.unwrap(failure);
        if (cause instanceof KubeconfigException) {
            return cause.getMessage();
        }
        if (cause instanceof StoreException e) {
            return e.getMessage() + hint(e.kind(), e.getMessage());
        }
        return "Something unexpected went wrong (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + "). Nothing was changed. See the log for details.";
    }

    private static String hint(ErrorKind kind, String message) {
        return switch (kind) {
            case CLUSTER -> message.contains("Check") || message.contains("retry") ? ""
                    : " Check that the cluster is reachable (the indicator at the top), then try again.";
            default -> "";
        };
    }
}
