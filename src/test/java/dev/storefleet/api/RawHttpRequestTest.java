package dev.storefleet.api;

import static dev.storefleet.api.RawHttp.expectJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Requests as exact bytes, most of them ones that Jetty's parser refuses before any handler
 * runs (and that the JDK's server answered with its own HTML page naming the Java exception):
 * each is answered with the API's JSON error shape, names no Java class, and changes nothing.
 */
@Timeout(60)
class RawHttpRequestTest extends RefusedRequestTest {
    private static String auth() {
        return "Authorization: Bearer " + fx.token("ops") + "\r\n";
    }

    private static RawHttp.Answer get(String target) throws IOException {
        return RawHttp.send(fx.server.port(), "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + auth()
                + "Connection: close\r\n\r\n");
    }

    private static RawHttp.Answer postWithLength(String... contentLengths) throws IOException {
        StringBuilder request = new StringBuilder("POST /api/stores HTTP/1.1\r\nHost: localhost\r\n").append(auth())
                .append("Content-Type: application/json\r\n");
        for (String length : contentLengths) {
            request.append("Content-Length: ").append(length).append("\r\n");
        }
        return RawHttp.send(fx.server.port(), request.append("\r\n{\"name\":\"Raw Shop\",\"owner\":\"alice\"}").toString());
    }

    @Test
    void badPercentEscapesInThePathAreABadRequest() throws Exception {
        for (String path : new String[] {"/api/stores/%ZZ", "/api/stores/%", "/api/stores/%4", "/api/%zz/stores",
                "/api/stores/%FF", "/api/stores/%C0%AF", "/api/stores/%ED%A0%80"}) {
            expectJsonError(400, "bad_request", get(path));
        }
    }

    @Test
    void badPercentEscapesInTheQueryAreABadRequestOnEveryRoute() throws Exception {
        for (String target : new String[] {"/api/stores?x=%ZZ", "/api/stores/" + storeId + "?%", "/stores/metrics?a=%4",
                "/stores/activity?page=%G1", "/api/stores/" + storeId + "/orders?limit=1%"}) {
            JsonNode error = expectJsonError(400, "bad_request", get(target));
            assertTrue(error.path("message").asString().contains("%25"), "says how to write a '%': " + error);
        }
    }

    @Test
    void aContentLengthThatIsNotOneDecimalNumberIsABadRequest() throws Exception {
        for (String length : new String[] {"abc", "-1", "1e3", "0x10", "+5", " ", "99999999999999999999"}) {
            JsonNode error = expectJsonError(400, "bad_request", postWithLength(length));
            assertTrue(error.path("message").asString().contains("Content-Length"), length + " -> " + error);
        }
        expectJsonError(400, "bad_request", postWithLength("35", "36"));
        expectJsonError(400, "bad_request", postWithLength("35, 36"));
    }

    /** The server waits for the rest of the body only as long as a connection may be idle, then answers and closes. */
    @Test
    @Timeout(30)
    void aBodyShorterThanItsContentLengthIsAnsweredNotHungOn() throws Exception {
        long started = System.nanoTime();
        RawHttp.Answer answer = RawHttp.send(fx.server.port(), "POST /api/stores HTTP/1.1\r\nHost: localhost\r\n" + auth()
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":\"Short");
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        expectJsonError(408, "timeout", answer);
        assertEquals("close", answer.header("Connection"), answer::toString);
        assertTrue(seconds <= ApiServer.IDLE_TIMEOUT.toSeconds() + 5, "answered after " + seconds + " s");
    }

    @Test
    void anOverLongRequestLineOrHeaderIsRefusedInJson() throws Exception {
        expectJsonError(414, "uri_too_long", get("/api/stores/" + "1".repeat(20_000)));
        expectJsonError(414, "uri_too_long", get("/stores/activity?store=" + "a".repeat(20_000)));
        expectJsonError(431, "headers_too_large", RawHttp.send(fx.server.port(), "GET /api/stores HTTP/1.1\r\n"
                + "Host: localhost\r\nX-Padding: " + "p".repeat(20_000) + "\r\n" + auth() + "\r\n"));
    }

    @Test
    void methodsAreTokensAndUnknownOnesAreNotAllowed() throws Exception {
        RawHttp.Answer frob = RawHttp.send(fx.server.port(), "FROB /api/stores HTTP/1.1\r\nHost: localhost\r\n" + auth()
                + "Connection: close\r\n\r\n");
        expectJsonError(405, "method_not_allowed", frob);
        assertEquals("GET, POST", frob.header("Allow"));
        for (String method : new String[] {"G(T", "GE\"T", "GET\u0000", "\u00e9GET"}) {
            expectJsonError(400, "bad_request", RawHttp.send(fx.server.port(), (method + " /api/stores HTTP/1.1\r\n"
                    + "Host: localhost\r\n" + auth() + "\r\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Dot segments are resolved as RFC 3986 says while they stay inside the root; past it, or %-encoded, they are refused. */
    @Test
    void dotSegmentsResolveInsideTheRootAndAreRefusedOtherwise() throws Exception {
        RawHttp.Answer inside = get("/api/stores/../stores/" + storeId);
        assertEquals(200, inside.status(), inside::toString);
        assertEquals(storeId, ApiFixture.JSON.readTree(inside.body()).path("id").asLong());
        for (String path : new String[] {"/../api/stores", "/api/../../etc/passwd", "/api/stores/%2e%2e/" + storeId,
                "/api/stores/%2E%2E/%2E%2E/x", "/api/stores/%2F" + storeId, "/api/stores//" + storeId,
                "/api/stores/%5C" + storeId}) {
            expectJsonError(400, "bad_request", get(path));
        }
    }

    @Test
    void nulBytesInThePathAreRefused() throws Exception {
        expectJsonError(400, "bad_request", get("/api/stores/" + storeId + "%00"));
        expectJsonError(400, "bad_request", get("/api/stores/%00" + storeId));
        expectJsonError(400, "bad_request", RawHttp.send(fx.server.port(), "GET /api/stores/" + storeId + "\u0000 HTTP/1.1\r\n"
                + "Host: localhost\r\n" + auth() + "\r\n"));
    }

    /** Jetty drops {@code ;params} from the path; the API refuses them so that {@code 1;x} does not name store 1. */
    @Test
    void pathParametersAreRefused() throws Exception {
        JsonNode error = expectJsonError(400, "bad_request", get("/api/stores/" + storeId + ";x=y"));
        assertTrue(error.path("message").asString().contains("';'"), error.toString());
        expectJsonError(400, "bad_request", get("/api/stores;v=2/" + storeId));
    }

    /**
     * An escaped '/' is data inside a segment, never a separator: {@code <id>%2Fretry} is not the
     * store's retry route (which would reach the service, and be audited).
     */
    @Test
    void anEscapedSlashDoesNotMakeARoute() throws Exception {
        for (String path : new String[] {"/api/stores/" + storeId + "%2Fretry", "/api/stores/" + storeId + "%2fretry",
                "/api/stores%2F" + storeId + "/retry"}) {
            expectJsonError(400, "bad_request", RawHttp.send(fx.server.port(), "POST " + path + " HTTP/1.1\r\n"
                    + "Host: localhost\r\n" + auth() + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
        }
    }

    @Test
    void otherBrokenRequestLinesAndHeadersAreRefusedInJson() throws Exception {
        int port = fx.server.port();
        expectJsonError(505, "http_version_not_supported", RawHttp.send(port, "GET /api/stores HTTP/9.9\r\nHost: x\r\n\r\n"));
        expectJsonError(400, "bad_request", RawHttp.send(port, "garbage\r\n\r\n"));
        expectJsonError(400, "bad_request", RawHttp.send(port, "GET * HTTP/1.1\r\nHost: x\r\n\r\n"));
        expectJsonError(400, "bad_request", RawHttp.send(port, "GET /api/stores HTTP/1.1\r\n" + auth() + "\r\n"));
        expectJsonError(400, "bad_request", RawHttp.send(port, "GET /api/stores HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"));
        expectJsonError(400, "bad_request", RawHttp.send(port, "POST /api/stores HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: gzip\r\n" + auth() + "\r\n"));
        expectJsonError(400, "bad_request", RawHttp.send(port, "POST /api/stores HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n" + auth() + "\r\nZZ\r\n{}\r\n0\r\n\r\n"));
    }

    @Test
    void theServerStillAnswersAfterwards() throws Exception {
        expectJsonError(400, "bad_request", get("/api/stores/%ZZ"));
        RawHttp.Answer list = get("/api/stores");
        assertEquals(200, list.status(), list::toString);
        assertEquals(JsonAnswers.CONTENT_TYPE, list.header("Content-Type"));
    }
}
