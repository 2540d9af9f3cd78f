package dev.storefleet.api;

import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON in and out, strictly: unknown fields, wrong types (no "2" for 2, no 2 for "2", no 2.5
 * for an integer), trailing garbage and malformed text are refused with a 400 that names the
 * field, instead of being guessed at. A field given twice is refused too, rather than the last
 * one silently winning.
 */
final class JsonBodies {
    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** The body as {@code type}; a JSON object is required. */
    <T> T read(byte[] body, Class<T> type) {
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            throw ApiException.badField(fieldOf(e.getPath()), "Unknown field '" + e.getPropertyName() + "'"
                    + (known.isEmpty() ? "." : "; the fields are: " + known + "."));
        } catch (MismatchedInputException e) {
            String field = fieldOf(e.getPath());
            if (field.isEmpty()) {
                throw ApiException.badRequest("The body must be a JSON object.");
            }
            throw ApiException.badField(field, "Field '" + field + "' must be " + expected(e.getTargetType()) + ".");
        } catch (InputCoercionException e) {
            String field = fieldOf(e.getPath());
            throw ApiException.badField(field, "Field '" + field + "' is out of range.");
        } catch (StreamReadException e) {
            String duplicate = duplicateField(e);
            if (duplicate != null) {
                throw ApiException.badField(duplicate, "Field '" + duplicate + "' is given more than once.");
            }
            TokenStreamLocation at = e.getLocation();
            throw ApiException.badRequest("The body is not valid JSON"
                    + (at == null || at.getLineNr() < 1 ? "." : " (line " + at.getLineNr() + ", column "
                            + at.getColumnNr() + ")."));
        } catch (JacksonException e) {
            throw ApiException.badRequest("The body could not be read as JSON.");
        }
        if (value == null) {
            throw ApiException.badRequest("The body must be a JSON object, not null.");
        }
        return value;
    }

    byte[] write(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    /** The field a duplicate-key refusal is about; Jackson says so only in its message. */
    private static String duplicateField(StreamReadException e) {
        String message = e.getOriginalMessage();
        JsonParser parser = e.processor();
        if (message != null && message.startsWith("Duplicate Object property") && parser != null) {
            return parser.currentName();
        }
        return null;
    }

    private static String fieldOf(List<JacksonException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        return "a " + type.getSimpleName();
    }
}
