package dev.storefleet.api;

import dev.storefleet.domain.ErrorKind;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.ValidationException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any failure as an error answer: the HTTP layer's own refusals with their status, a
 * guardrail's typed error with the status of docs/design.md's table and its operator-facing message
 * (a store API's failure also with the step it failed at, in one word and in words),
 * and anything unexpected as a 500 that says nothing of the inside. No 5xx answer carries a
 * Java class name or the database's own text: those are logged, with an incident id the
 * answer repeats so the two can be matched.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    /** A Java class name with what follows it up to the message ("java.nio.channels.ClosedChannelException: "). */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)*[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");

    private ErrorResponses() {
    }

    static ApiResponse of(Throwable failure, String method, String path) {
        if (failure instanceof ApiException e) {
            return new ApiResponse(e.status(), new ErrorView(e.code(), e.getMessage(), e.fields()), e.headers());
        }
        if (failure instanceof ValidationException e) {
            return new ApiResponse(e.kind().httpStatus(), new ErrorView(e.kind().code(), e.getMessage(),
                    e.errors().stream().map(f -> new ErrorView.FieldView(f.field(), f.message())).toList()), Map.of());
        }
        if (failure instanceof StoreException e) {
            int status = e.kind().httpStatus();
            String message = e.getMessage();
            if (status >= 500) {
                String incident = incident();
                LOG.warn("{} {} failed (incident {}): {}", method, path, incident, message);
                LOG.debug("{} {} failed (incident {})", method, path, incident, e);
                message = e.kind() == ErrorKind.STORAGE ? "The database failed (incident " + incident
                        + "). Nothing was saved; try again, and if this persists, restart the console and check its log."
                        : withoutJavaNames(message);
            }
            if (e instanceof StoreApiException api) {
                return new ApiResponse(status, new ErrorView(e.kind().code(),
                        capitalized(api.step().words()) + ". " + message,
                        api.step().name().toLowerCase(Locale.ROOT), List.of()), Map.of());
            }
            return new ApiResponse(status, new ErrorView(e.kind().code(), message), Map.of());
        }
        String incident = incident();
        LOG.error("{} {} failed unexpectedly (incident {})", method, path, incident, failure);
        return new ApiResponse(500, new ErrorView("internal", "The server failed unexpectedly (incident " + incident
                + "). Try again; if it fails again, the incident id finds the details in the server log."), Map.of());
    }

    private static String incident() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A cluster's or a store's failure says what went wrong in words, but some carry the Java
     * class of the low-level cause ("(SocketException: Connection reset)"): the class is dropped,
     * the words kept; the whole is in the log.
     */
    static String withoutJavaNames(String message) {
        String words = JAVA_NAME.matcher(message).replaceAll("").replace("()", "").strip();
        return words.isEmpty() || words.equals(".") ? "The operation failed; the details are in the server log." : words;
    }

    private static String capitalized(String words) {
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
