package dev.storefleet.viewmodel;

import dev.storefleet.domain.ErrorKind;
import dev.storefleet.domain.KubeconfigException;
import dev.storefleet.domain.StoreApiException;
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
        if (cause instanceof StoreApiException e) {
            return e.getMessage() + (saysWhatToDo(e.getMessage()) ? "" : " " + nextStep(e.step()));
        }
        if (cause instanceof StoreException e) {
            return e.getMessage() + hint(e.kind(), e.getMessage());
        }
        return "Something unexpected went wrong (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + "). Nothing was changed. See the log for details.";
    }

    /**
     * What to do when a call to a store's own API failed at {@code step}. The adapters' messages
     * say where it failed; this says what the operator can try from the console.
     */
    static String nextStep(StoreApiException.Step step) {
        return switch (step) {
            case UNREACHABLE -> "Check the store's pods and their logs (the Pods tab), its recent events (Details) and"
                    + " the cluster indicator at the top, then try again.";
            case TIMEOUT -> "The store may be starting or overloaded: wait a minute and try again.";
            case CREDENTIALS -> "Wait until the store's setup has finished, or upgrade the store to run its setup"
                    + " again.";
            case AUTH -> "The store refused the console's keys: upgrade the store to run its setup again, which"
                    + " writes new ones.";
            case NO_PRODUCT -> "Publish a product with a price and enough stock in the store's admin, then try"
                    + " again.";
            case CHECKOUT_REFUSED -> "Check the store's stock, shipping and payment settings in its admin, or try a"
                    + " smaller quantity.";
            case SERVER_ERROR -> "Look at the store's logs; try again when it is healthy.";
            case NOT_FOUND -> "Refresh the orders: it may have been deleted in the store's admin.";
            case NOT_LISTED -> "The store may list new orders late: refresh in a moment, or verify again.";
            case BAD_RESPONSE -> "The store answered in a way the console does not understand: check that it runs"
                    + " the bundled chart's version (upgrade it), then try again.";
        };
    }

    /** The adapters add advice of their own to some messages; one piece of advice is enough. */
    private static boolean saysWhatToDo(String message) {
        return message != null && (message.contains("Check ") || message.contains("Look at") || message.contains(
                "try again") || message.contains("pgrade") || message.contains("wait until"));
    }

    private static String hint(ErrorKind kind, String message) {
        return switch (kind) {
            case CLUSTER -> message.contains("Check") || message.contains("retry") ? ""
                    : " Check that the cluster is reachable (the indicator at the top), then try again.";
            default -> "";
        };
    }
}
