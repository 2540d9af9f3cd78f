package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Seeded fuzzing of the numbers in paths and queries: random mixes of ASCII digits, signs,
 * whitespace, other scripts' digits, fullwidth digits, %-escapes (valid and invalid UTF-8) and
 * values past {@code long}. Only a canonical number ({@code 0} or {@code [1-9][0-9]*}, in range)
 * may reach a store lookup or a query; anything else is a 4xx in the JSON error shape, never a
 * 5xx, never a Java name. Repeat a failure with {@code -Dfuzz.seed=<seed>}.
 */
@Timeout(120)
class NumericParamFuzzTest extends SharedStoreApiTest {
    static final long SEED = Long.getLong("fuzz.seed", 20_261_201L);
    static final int PATH_CASES = 1000;
    static final int QUERY_CASES = 1000;
    static final long MISSING_STORE = 999_999;
    /** The characters for which {@code Character.isDigit} holds but that are not ASCII: Arabic-Indic, Devanagari, fullwidth, ... */
    static final int[] OTHER_DIGITS = java.util.stream.IntStream.rangeClosed(0x80, 0x1FFFF).filter(Character::isDigit)
            .toArray();
    static final String[] OVERFLOWS = {"9223372036854775807", "9223372036854775808", "99999999999999999999",
        "18446744073709551616", "-9223372036854775808", "2147483648", "4294967296"};
    static final String[] BAD_ESCAPES = {"%ZZ", "%", "%4", "%G0", "%FF", "%C0%80", "%ED%A0%80", "%E0%80", "%80", "%F8%88%80%80%80"};

    private final Random random = new Random(SEED);
    private final String token = fx.token("fuzz");

    @Test
    void onlyCanonicalStoreIdsInPathsReachAStore() throws Exception {
        String[] routes = {"/api/stores/%s", "/api/stores/%s/history", "/api/stores/%s/verification",
            "/api/stores/%s/orders"};
        long started = System.nanoTime();
        for (int i = 0; i < PATH_CASES; i++) {
            String raw = value();
            String decoded = decodedPath(raw);
            String target = String.format(routes[random.nextInt(routes.length)], raw);
            RawHttp.Answer answer = get(target);
            String where = "seed " + SEED + ", path case " + i + ": GET " + target + " (decoded "
                    + (decoded == null ? "not at all" : Quoted.of(decoded)) + ") -> " + answer;
            JsonNode body = shape(answer, where);
            Long id = decoded == null ? null : canonical(decoded, 1, Long.MAX_VALUE);
            if (id != null) {
                if (id == storeId) {
                    assertEquals(200, answer.status(), where);
                } else {
                    assertEquals(404, answer.status(), where);
                    assertEquals("not_found", body.path("error").asString(), where);
                }
            } else if (decoded == null || hasSeparatorOrControl(decoded)) {
                assertEquals(400, answer.status(), where); // Jetty's parser (bad_request) or the id check
            } else {
                assertEquals(400, answer.status(), where);
                assertEquals("validation", body.path("error").asString(), where);
                assertEquals("id", body.path("fields").path(0).path("field").asString(), where);
                assertTrue(body.path("message").asString().contains("Store id '"), where);
            }
        }
        assertFast(started, "path cases");
    }

    @Test
    void onlyCanonicalNumbersInRangeAreTakenFromTheQuery() throws Exception {
        record Param(String path, String name, long min, long max, int success) {
        }
        List<Param> params = List.of(
                new Param("/api/stores/" + storeId + "/orders", "limit", 1, 100, 200),
                new Param("/stores/activity", "page", 0, 1_000_000, 200),
                new Param("/stores/activity", "size", 1, 500, 200),
                new Param("/stores/activity", "storeId", 1, Integer.MAX_VALUE, 200),
                // an unknown store: a valid wait gets as far as the lookup (404) and runs no check
                new Param("/api/stores/" + MISSING_STORE + "/verify", "wait", 0, 60, 404));
        long started = System.nanoTime();
        for (int i = 0; i < QUERY_CASES; i++) {
            Param param = params.get(random.nextInt(params.size()));
            String raw = value();
            String target = param.path() + "?" + param.name() + "=" + raw;
            RawHttp.Answer answer = param.name().equals("wait") ? post(target) : get(target);
            String decoded = decodedQuery(raw);
            String where = "seed " + SEED + ", query case " + i + ": " + target + " (decoded "
                    + (decoded == null ? "not at all" : Quoted.of(decoded)) + ") -> " + answer;
            JsonNode body = shape(answer, where);
            if (decoded == null) {
                assertEquals(400, answer.status(), where);
                assertEquals("bad_request", body.path("error").asString(), where);
            } else if (canonical(decoded, param.min(), param.max()) != null) {
                assertEquals(param.success(), answer.status(), where);
            } else {
                assertEquals(400, answer.status(), where);
                assertEquals("validation", body.path("error").asString(), where);
                assertEquals(param.name(), body.path("fields").path(0).path("field").asString(), where);
            }
        }
        assertFast(started, "query cases");
    }

    /** 1 to 4 pieces as sent (%-encoded where needed), each from one of the families the fuzzing found trouble in. */
    private String value() {
        StringBuilder raw = new StringBuilder();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            raw.append(piece());
        }
        return raw.toString();
    }

    private String piece() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> Long.toString(random.nextInt(3) == 0 ? storeId : random.nextInt(1000));
            case 3 -> pick("0", "00");
            case 4 -> random.nextBoolean() ? pick("+", "-") : encoded(pick("+", "-")); // a raw '+' is a space in a query
            case 5 -> encoded(pick(" ", "\t", "\n", "\u00a0", "\u2003", "\u200b", "\u3000"));
            case 6 -> encoded(new String(Character.toChars(OTHER_DIGITS[random.nextInt(OTHER_DIGITS.length)])));
            case 7 -> encoded(String.valueOf((char) ('\uFF10' + random.nextInt(10))));
            case 8 -> pick(OVERFLOWS);
            default -> random.nextBoolean() ? pick(BAD_ESCAPES) : String.format("%%%02X", random.nextInt(256));
        };
    }

    /** Text %-encoded as UTF-8, ASCII digits as they are. */
    private static String encoded(String text) {
        StringBuilder raw = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            raw.append(b >= '0' && b <= '9' ? String.valueOf((char) b) : String.format("%%%02X", b & 0xff));
        }
        return raw.toString();
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    /** The path segment as the server should see it: %-escapes as UTF-8, strictly; null if they are not UTF-8. */
    private static String decodedPath(String raw) {
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.put((byte) c);
            } else if (i + 2 < raw.length() && hex(raw.charAt(i + 1)) && hex(raw.charAt(i + 2))) {
                bytes.put((byte) Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                return null;
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The query value as HTML forms encode it ('+' is a space; bad UTF-8 becomes U+FFFD); null if an escape is broken. */
    private static String decodedQuery(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }

    /** The oracle, independent of the server's code: ASCII digits, no leading zero, within [min, max]. */
    private static Long canonical(String text, long min, long max) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || (text.length() > 1 && text.charAt(0) == '0')) {
            return null;
        }
        BigInteger value = new BigInteger(text);
        return value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0 ? null
                : value.longValueExact();
    }

    /** Characters that Jetty's URI checks may refuse before the id check sees them. */
    private static boolean hasSeparatorOrControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f || "/\\%;.?#".indexOf(c) >= 0);
    }

    /** No 5xx, JSON with the error shape for every 4xx, no Java name anywhere. */
    private static JsonNode shape(RawHttp.Answer answer, String where) {
        assertTrue(answer.status() >= 200 && answer.status() < 500, where);
        assertEquals(JsonAnswers.CONTENT_TYPE, answer.header("Content-Type"), where);
        assertTrue(!RawHttp.JAVA_NAME.matcher(answer.body()).find(), "names a Java class: " + where);
        JsonNode body = ApiFixture.JSON.readTree(answer.body());
        if (answer.status() >= 400) {
            assertTrue(body.path("error").isString() && body.path("message").isString()
                    && !body.path("message").asString().isBlank(), where);
        }
        return body;
    }

    private static void assertFast(long started, String what) {
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        if (seconds > 20) {
            fail(what + " took " + seconds + " s (seed " + SEED + "); the server answers these in milliseconds");
        }
    }

    private RawHttp.Answer get(String target) throws Exception {
        return send("GET", target);
    }

    private RawHttp.Answer post(String target) throws Exception {
        return send("POST", target);
    }

    private RawHttp.Answer send(String method, String target) throws Exception {
        return RawHttp.send(fx.server.port(), method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
    }
}
