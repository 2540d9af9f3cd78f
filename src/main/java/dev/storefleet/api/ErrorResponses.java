package dev.storefleet.api;

import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.ValidationException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any failure as an error answer: the HTTP layer's own refusals with their status, a
 * guardrail's typed error with the status of DESIGN.md's table and its operator-facing message
 * (a store API's failure also with the step it failed at, in one word and in words),
 * and anything unexpected as a 500 that says nothing of the inside (it is logged, with an id
 * the answer repeats so the two can be matched).
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

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
            if (e.kind().httpStatus() >= 500) {
                LOG.warn("{} {} failed: {}", method, path, e.getMessage());
                LOG.debug("{} {} failed", method, path, e);
            }
            if (e instanceof StoreApiException api) {
                return new ApiResponse(e.kind().httpStatus(), new ErrorView(e.kind().code(),
                        capitalized(api.step().words()) + ". " + e.getMessage(),
                        api.step().name().toLowerCase(Locale.ROOT), List.of()), Map.of());
            }
            return new ApiResponse(e.kind().httpStatus(), new ErrorView(e.kind().code(), e.getMessage()), Map.of());
        }
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("{} {} failed unexpectedly (incident {})", method, path, incident, failure);
        return new ApiResponse(500, new ErrorView("internal", "The server failed unexpectedly (incident " + incident
                + "); the details are in its log."), Map.of());
    }

    private static String capitalized(String words) {
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
