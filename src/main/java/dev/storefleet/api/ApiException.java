package dev.storefleet.api;

import java.util.List;
import java.util.Map;

/**
 * A request the HTTP layer itself refuses before any service sees it: no valid token, a body
 * that is not the JSON asked for, a route that does not exist. Carries the status, the error
 * code of the JSON answer and a message written for the person running the script.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers;
    private final transient List<ErrorView.FieldView> fields;

    ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    ApiException(int status, String code, String message, Map<String, String> headers) {
        this(status, code, message, headers, List.of());
    }

    private ApiException(int status, String code, String message, Map<String, String> headers,
            List<ErrorView.FieldView> fields) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
        this.fields = List.copyOf(fields);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, Map.of("WWW-Authenticate", "Bearer"));
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    /** A body the JSON reader refused because of one field (unknown, wrong type, out of range): named in place. */
    static ApiException badField(String field, String message) {
        return new ApiException(400, "bad_request", message, Map.of(), List.of(new ErrorView.FieldView(field, message)));
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }

    List<ErrorView.FieldView> fields() {
        return fields;
    }
}
