package dev.storefleet.service.port;

import java.util.Map;

/**
 * What Helm stored for one revision of a store's release: its chart ({@code name-version}, as
 * {@link ReleaseInfo#chart()} shows it) and the user-supplied values (what {@code helm get values
 * --revision n} shows), as plain maps, lists, strings, numbers and booleans.
 */
public record RevisionValues(int revision, String chart, Map<String, Object> values) {

    public RevisionValues {
        values = values == null ? Map.of() : values;
    }
}
