package dev.storefleet.testcluster;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Small Jackson 3 helpers (fabric8 8 already brings Jackson 3). */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode parse(String json) {
        JsonNode n = MAPPER.readTree(json);
        if (!(n instanceof ObjectNode o)) {
            throw new IllegalArgumentException("expected a JSON object, got " + n.getNodeType());
        }
        return o;
    }

    /** The string at a path of field names, or null when absent or not a string. */
    static String text(JsonNode node, String... fields) {
        JsonNode n = at(node, fields);
        return n.isString() ? n.stringValue() : n.isNumber() ? n.asString() : null;
    }

    static long number(JsonNode node, long otherwise, String... fields) {
        JsonNode n = at(node, fields);
        return n.isNumber() ? n.asLong() : n.isString() ? Long.parseLong(n.stringValue()) : otherwise;
    }

    static JsonNode at(JsonNode node, String... fields) {
        JsonNode n = node;
        for (String f : fields) {
            n = n.path(f);
        }
        return n;
    }

    /** A Kubernetes Status object, as the API server answers errors. */
    static String status(int code, String reason, String message) {
        ObjectNode s = object().put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", code < 400 ? "Success" : "Failure").put("message", message).put("reason", reason)
                .put("code", code);
        return s.toString();
    }

    static String reasonFor(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 410 -> "Expired";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> code >= 500 ? "InternalError" : "Unknown";
        };
    }
}
