package dev.storefleet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of every error answer: {@code {"error": code, "message": words}}, plus the step a
 * store's own API failed at ({@code "step": "no_product"}) or field errors, if any.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record ErrorView(String error, String message, String step, List<FieldView> fields) {

    record FieldView(String field, String message) {
    }

    ErrorView(String error, String message) {
        this(error, message, null, List.of());
    }

    ErrorView(String error, String message, List<FieldView> fields) {
        this(error, message, null, fields);
    }
}
