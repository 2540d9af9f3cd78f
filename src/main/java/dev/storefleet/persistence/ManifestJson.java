package dev.storefleet.persistence;

import dev.storefleet.domain.StoreType;
import dev.storefleet.service.port.BackupArchives.Manifest;
import dev.storefleet.service.port.BackupArchives.Part;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backup's {@code manifest.json}, written field by field rather than by mapping the record, so
 * the file stays the same when the record changes: the type is its enum name (Jackson 3 would
 * write {@code toString()}, the display name), {@code createdAt} an ISO-8601 instant.
 */
final class ManifestJson {
    /** Written into every manifest, so a later layout can still tell this one. */
    static final int FORMAT = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ManifestJson() {
    }

    static byte[] write(Manifest manifest) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("backupId", manifest.backupId());
        out.put("storeId", manifest.storeId());
        out.put("storeName", manifest.storeName());
        out.put("type", manifest.type() == null ? null : manifest.type().name());
        out.put("chartVersion", manifest.chartVersion());
        out.put("appVersion", manifest.appVersion());
        out.put("helmRevision", manifest.helmRevision());
        out.put("createdAt", manifest.createdAt().toString());
        out.put("actor", manifest.actor());
        out.put("reason", manifest.reason());
        List<Map<String, Object>> parts = new ArrayList<>();
        for (Part part : manifest.parts()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", part.name());
            p.put("size", part.size());
            p.put("sha256", part.sha256());
            parts.add(p);
        }
        out.put("parts", parts);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
    }

    /** The manifest, or an IOException saying which field is missing or wrong. */
    static Manifest read(byte[] json) throws IOException {
        Map<?, ?> in;
        try {
            in = JSON.readValue(json, Map.class);
        } catch (JacksonException e) {
            throw new IOException("it is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (in == null) {
            throw new IOException("it is empty");
        }
        Object format = in.get("format");
        if (!(format instanceof Number n) || n.intValue() != FORMAT) {
            throw new IOException("its format " + format + " is not known (expected " + FORMAT + ")");
        }
        List<Part> parts = new ArrayList<>();
        if (!(in.get("parts") instanceof List<?> list)) {
            throw new IOException("it has no list of parts");
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> p)) {
                throw new IOException("a part is not an object");
            }
            parts.add(new Part(required(p, "name"), number(p, "size"), required(p, "sha256")));
        }
        return new Manifest(required(in, "backupId"), number(in, "storeId"), text(in, "storeName"), type(text(in, "type")),
                text(in, "chartVersion"), text(in, "appVersion"), (int) number(in, "helmRevision"),
                instant(required(in, "createdAt")), text(in, "actor"), text(in, "reason"), parts);
    }

    private static String text(Map<?, ?> in, String key) throws IOException {
        Object value = in.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IOException("its " + key + " is not text");
        }
        return (String) value;
    }

    private static String required(Map<?, ?> in, String key) throws IOException {
        String value = text(in, key);
        if (value == null) {
            throw new IOException("it has no " + key);
        }
        return value;
    }

    private static long number(Map<?, ?> in, String key) throws IOException {
        if (!(in.get(key) instanceof Number n)) {
            throw new IOException("its " + key + " is missing or not a number");
        }
        return n.longValue();
    }

    private static StoreType type(String name) throws IOException {
        if (name == null) {
            return null;
        }
        try {
            return StoreType.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IOException("its type '" + name + "' is not known");
        }
    }

    private static Instant instant(String text) throws IOException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IOException("its createdAt '" + text + "' is not an ISO-8601 instant");
        }
    }
}
