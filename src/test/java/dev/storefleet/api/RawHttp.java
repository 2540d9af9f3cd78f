package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * HTTP/1.1 as exact bytes over a plain socket, for requests no HTTP client would send: one
 * request per connection, read to the server's close (or its Content-Length).
 */
final class RawHttp {
    /** A Java package path or an exception's class name: an answer must name neither. */
    static final Pattern JAVA_NAME = Pattern.compile("\\b(java|javax|sun|org|com)\\.[a-z]+\\.|\\w+Exception\\b");
    static final int READ_TIMEOUT_MS = 15_000;

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    private RawHttp() {
    }

    static Answer send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Answer send(int port, byte[] request) throws IOException {
        return send(port, request, READ_TIMEOUT_MS);
    }

    /** Sends {@code request} as is; a server that closes without a word answers status 0. */
    static Answer send(int port, byte[] request, int readTimeoutMs) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(readTimeoutMs);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may refuse and close before it has read everything; its answer is still there
            }
            return read(socket.getInputStream(), readTimeoutMs);
        }
    }

    private static Answer read(InputStream in, int readTimeoutMs) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        try {
            while ((b = in.read()) >= 0) {
                head.write(b);
                last4 = (last4 << 8) | b;
                if (last4 == 0x0d0a0d0a) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + readTimeoutMs + " ms; got: " + head, e);
        } catch (IOException e) {
            // reset by the server
        }
        if (head.size() == 0) {
            return new Answer(0, Map.of(), "");
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        String length = headers.get("content-length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Asserts the API's JSON error shape: status, JSON content type, error code and message, no Java name. */
    static JsonNode expectJsonError(int status, String error, Answer answer) {
        assertEquals(status, answer.status(), answer::toString);
        assertEquals(JsonAnswers.CONTENT_TYPE, answer.header("Content-Type"), answer::toString);
        assertEquals("no-store", answer.header("Cache-Control"), answer::toString);
        assertEquals("nosniff", answer.header("X-Content-Type-Options"), answer::toString);
        JsonNode body = ApiFixture.JSON.readTree(answer.body());
        assertEquals(error, body.path("error").asString(), answer::toString);
        assertTrue(body.path("message").isString() && !body.path("message").asString().isBlank(), answer::toString);
        assertNoJavaName(answer);
        return body;
    }

    static void assertNoJavaName(Answer answer) {
        assertFalse(JAVA_NAME.matcher(answer.body()).find(), () -> "names a Java class: " + answer);
    }
}
