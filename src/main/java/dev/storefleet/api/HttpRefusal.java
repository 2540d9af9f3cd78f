package dev.storefleet.api;

import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;

/**
 * What the API answers, in words, when the HTTP layer itself refuses a request with {@code status};
 * with Jetty's reason where it is a short phrase ("Invalid Content-Length Value"), never where it
 * could be an exception's text.
 */
enum HttpRefusal {
    BAD_REQUEST(400, "bad_request", "The request is not well-formed HTTP: its request line, a %-escape in its"
            + " path or query, or a header such as Content-Length could not be read. Check how the client builds"
            + " the request; see docs/api.md."),
    TIMEOUT(408, "timeout", "The request did not arrive in time (a body shorter than its Content-Length?)."
            + " Send it again, whole."),
    TOO_LARGE(413, "payload_too_large", "The request is larger than this API accepts."),
    URI_TOO_LONG(414, "uri_too_long", "The request line is longer than this API accepts; the API's paths and"
            + " queries are short (see docs/api.md)."),
    HEADERS_TOO_LARGE(431, "headers_too_large", "The request's headers are larger than this API accepts."),
    UNAVAILABLE(503, "unavailable", "The server is too busy or stopping; try again in a few seconds."),
    NOT_IMPLEMENTED(501, "not_implemented", "The server does not support what this request asks of HTTP"
            + " (such as its transfer encoding)."),
    VERSION(505, "http_version_not_supported", "This API speaks HTTP/1.1 (and 1.0)."),
    /** Any other 4xx; answered with its own status. */
    OTHER_CLIENT_ERROR(-1, "bad_request", "The request was refused by the HTTP layer; check how the client"
            + " builds it."),
    INTERNAL(500, "internal", "The server failed while answering; try again, and if it persists, check the"
            + " server log.");

    private static final Pattern PHRASE = Pattern.compile("[A-Za-z][A-Za-z0-9 ,'/-]{0,79}");
    private static final Pattern JAVA_WORD = Pattern.compile("(?i)exception|error|java");

    private final int status;
    private final String code;
    private final String message;

    HttpRefusal(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    static HttpRefusal of(int status) {
        for (HttpRefusal refusal : values()) {
            if (refusal.status == status) {
                return refusal;
            }
        }
        return status < 500 ? OTHER_CLIENT_ERROR : INTERNAL;
    }

    /** {@code reason}: what Jetty said, or null. */
    ErrorView view(String reason) {
        boolean phrase = reason != null && PHRASE.matcher(reason).matches() && !JAVA_WORD.matcher(reason).find()
                && !reason.equalsIgnoreCase(HttpStatus.getMessage(status));
        return new ErrorView(code, phrase ? message + " (The HTTP layer said: " + reason + ".)" : message);
    }
}
