package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.FuzzedText;
import dev.storefleet.domain.InputRulesOracle;
import dev.storefleet.domain.NewStoreRequest;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Seeded fuzzing of {@code POST /api/stores} over real HTTP: fuzzed text as JSON strings (escaped
 * and raw), non-string values, duplicate keys, both spellings of a field, invalid UTF-8, huge
 * strings and broken JSON. No answer is a 5xx or leaks a class name, every answer has the error
 * shape, and every store created breaks no input rule (read back and judged by
 * {@link InputRulesOracle}). Set {@code -Dfuzz.seed=...} to replay a failure.
 */
@Timeout(120)
class CreateStoreFuzzTest extends ApiFixtureTest {
    private static final long SEED = Long.getLong("fuzz.seed", 0x5F0F_2026_1202L);
    private static final int BODIES = 1_000;
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|sun|org|com)\\.[a-z]+\\.|Exception\\b");
    private static final List<String> NOT_STRINGS = List.of("42", "-1.5e300", "true", "false", "[]", "[\"Shop\"]",
            "{}", "{\"name\":\"Shop\"}", "0", "1e999");
    private static final List<byte[]> BAD_UTF8 = List.of(new byte[] {(byte) 0xC0, (byte) 0x80},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2,
                (byte) 0x82}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

    @Test
    void noBodyBreaksTheServerOrTheInputRules() throws Exception {
        FuzzedText fuzz = new FuzzedText(SEED);
        Random random = fuzz.random();
        String token = "Bearer " + fx.token("ops");
        // Provisioning is not under test: the cluster refuses at once, so created stores fail
        // fast instead of installing charts on the machine's cores while the fuzz runs.
        fx.kube.failNext("*", "", 403, Integer.MAX_VALUE);
        int created = 0;
        for (int i = 0; i < BODIES; i++) {
            NewStoreRequest asked = fuzz.request();
            Map<String, String> json = fields(asked, random);
            byte[] body;
            boolean plain = false;
            int kind = random.nextInt(100);
            if (kind < 62) {
                body = utf8(object(json, random));
                plain = true;
            } else if (kind < 72) {
                String field = List.of("name", "owner", "email", "type", "storeName", "userId").get(random.nextInt(6));
                json.put(field, NOT_STRINGS.get(random.nextInt(NOT_STRINGS.size())));
                body = utf8(object(json, random));
            } else if (kind < 78) {
                String field = List.copyOf(json.keySet()).get(random.nextInt(json.size()));
                body = utf8(object(json, random).replaceFirst("^\\{", "{\"" + field + "\":\"Other\","));
            } else if (kind < 84) {
                body = withBadUtf8(object(json, random), BAD_UTF8.get(random.nextInt(BAD_UTF8.size())));
            } else if (kind < 89) {
                json.put(random.nextBoolean() ? "name" : "email", string("h".repeat(1_000 + random.nextInt(70_000)),
                        random));
                body = utf8(object(json, random));
            } else if (kind < 93) {
                String[] spellings = random.nextBoolean() ? new String[] {"name", "storeName"}
                        : new String[] {"owner", "userId"};
                for (String spelling : spellings) {
                    json.putIfAbsent(spelling, string("Alias", random));
                }
                body = utf8(object(json, random));
            } else if (kind < 96) {
                json.put(random.nextBoolean() ? "plan" : "Name", string("gold", random));
                body = utf8(object(json, random));
            } else {
                String whole = object(json, random);
                body = utf8(whole.substring(0, random.nextInt(whole.length())));
            }
            String where = "seed " + SEED + ", body " + i + ": "
                    + InputRulesOracle.escaped(new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8));

            HttpResponse<String> answer = fx.raw("POST", "/api/stores", token, "application/json",
                    BodyPublishers.ofByteArray(body));
            JsonNode reply = judged(answer, where);
            if (answer.statusCode() == 201) {
                assertTrue(plain, "only a body of string fields can create a store; " + where);
                created++;
                NewStoreRequest effective = new NewStoreRequest(asked.name(),
                        asked.owner() == null ? "ops" : asked.owner(), asked.email(), asked.type());
                JsonNode store = judged(fx.get("/api/stores/" + reply.path("id").asLong()), where);
                NewStoreRequest stored = new NewStoreRequest(store.path("name").asString(),
                        store.path("owner").asString(), store.path("email").isString()
                                ? store.path("email").asString() : null, store.path("type").asString());
                assertNull(InputRulesOracle.storedWrongly(effective, stored, store.path("slug").asString()), where);
            } else if (plain) {
                NewStoreRequest effective = new NewStoreRequest(asked.name(),
                        asked.owner() == null ? "ops" : asked.owner(), asked.email(), asked.type());
                Set<String> broken = InputRulesOracle.brokenFields(effective).keySet();
                if (!broken.isEmpty()) {
                    assertEquals("validation", reply.path("error").asString(), where + " -> " + answer.body());
                    Set<String> refused = new LinkedHashSet<>();
                    reply.path("fields").forEach(f -> refused.add(f.path("field").asString()));
                    assertTrue(refused.containsAll(broken), broken + " refused as " + refused + "; " + where);
                }
            } else {
                assertTrue(answer.statusCode() >= 400, where + " -> " + answer.body());
            }
        }
        assertTrue(created > 10, "the fuzz creates some stores: " + created + " (seed " + SEED + ")");
    }

    /** Checks what every answer must be and gives its JSON. */
    private static JsonNode judged(HttpResponse<String> answer, String where) {
        String said = answer.statusCode() + " " + answer.body();
        assertTrue(answer.statusCode() < 500, said + "; " + where);
        assertEquals("application/json; charset=utf-8", answer.headers().firstValue("Content-Type").orElse(null),
                said + "; " + where);
        assertFalse(CLASS_NAME.matcher(answer.body()).find(), "leaks a class name: " + said + "; " + where);
        JsonNode reply = ApiFixture.json(answer);
        assertTrue(reply.isObject(), said + "; " + where);
        if (answer.statusCode() >= 400) {
            assertFalse(reply.path("error").asString("").isBlank(), said + "; " + where);
            assertFalse(reply.path("message").asString("").isBlank(), said + "; " + where);
            for (JsonNode field : reply.path("fields")) {
                assertFalse(field.path("field").asString("").isEmpty(), said + "; " + where);
                assertFalse(field.path("message").asString("").isBlank(), said + "; " + where);
            }
        }
        return reply;
    }

    /** The request's fields as JSON values, each under one of its two spellings; a null is left out or sent as null. */
    private static Map<String, String> fields(NewStoreRequest asked, Random random) {
        Map<String, String> json = new LinkedHashMap<>();
        put(json, random.nextBoolean() ? "name" : "storeName", asked.name(), random);
        put(json, random.nextBoolean() ? "owner" : "userId", asked.owner(), random);
        put(json, "email", asked.email(), random);
        put(json, "type", asked.type(), random);
        return json;
    }

    private static void put(Map<String, String> json, String key, String value, Random random) {
        if (value != null) {
            json.put(key, string(value, random));
        } else if (random.nextBoolean()) {
            json.put(key, "null");
        }
    }

    private static String object(Map<String, String> json, Random random) {
        StringBuilder out = new StringBuilder("{");
        json.forEach((key, value) -> out.append(out.length() > 1 ? "," : "").append(random.nextInt(8) == 0 ? " " : "")
                .append('"').append(key).append("\":").append(value));
        return out.append('}').toString();
    }

    /** A JSON string: controls, quotes and lone surrogates escaped, the rest escaped or raw UTF-8 at random. */
    private static String string(String text, Random random) {
        boolean escapeAll = random.nextBoolean();
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (c < 0x20 || c == '"' || c == '\\' || (Character.isSurrogate(c) && !paired) || (escapeAll && c >= 0x7F)) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (paired) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The body with bytes that are not UTF-8 inside its first string value. */
    private static byte[] withBadUtf8(String body, byte[] bad) {
        int at = body.indexOf(":\"");
        if (at < 0) {
            return utf8(body);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(body.substring(0, at + 2)));
        out.writeBytes(bad);
        out.writeBytes(utf8(body.substring(at + 2)));
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
