package dev.storefleet.api;

import dev.storefleet.domain.ValidationException;
import java.util.Map;

/**
 * The optional body of {@code POST /api/stores/{id}/upgrade}: chart values on top of the store's own,
 * and whether a backup of the store is taken (and waited for) first.
 */
record UpgradeBody(Map<String, Object> values, Boolean backupFirst) {

    boolean backsUpFirst() {
        return Boolean.TRUE.equals(backupFirst);
    }

    /** The values to upgrade with (none if not given); a top-level null says nothing Helm can use. */
    Map<String, Object> checkedValues() {
        if (values == null) {
            return Map.of();
        }
        values.forEach((key, value) -> {
            if (value == null) {
                throw ValidationException.of("values", "Value '" + key + "' is null; leave it out instead.");
            }
        });
        return values;
    }
}
