package dev.storefleet.api;

import java.util.Map;

/** What a handler answers: a status, a value to write as JSON (or null for none), extra headers. */
record ApiResponse(int status, Object body, Map<String, String> headers) {

    static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, Map.of());
    }

    /** The request was accepted and its work runs in the background. */
    static ApiResponse accepted(Object body) {
        return new ApiResponse(202, body, Map.of());
    }

    /** The work is still running; {@code location} is where to look for its result. */
    static ApiResponse accepted(Object body, String location) {
        return new ApiResponse(202, body, Map.of("Location", location));
    }

    static ApiResponse created(Object body, String location) {
        return new ApiResponse(201, body, Map.of("Location", location));
    }
}
