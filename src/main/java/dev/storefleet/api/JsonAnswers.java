package dev.storefleet.api;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** The headers of every answer, a handler's or Jetty's own refusal: JSON, never cached, never sniffed. */
final class JsonAnswers {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private JsonAnswers() {
    }

    static void addHeaders(HttpFields.Mutable headers) {
        headers.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
    }
}
