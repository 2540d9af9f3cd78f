package dev.storefleet.api;

import dev.storefleet.domain.ValidationException;

/** The body of {@code POST /api/stores/{id}/rollback}: the Helm revision to go back to. */
record RollbackBody(Integer revision) {

    int requiredRevision() {
        if (revision == null) {
            throw ValidationException.of("revision", "Give the revision to roll back to, as {\"revision\": 1};"
                    + " GET /api/stores/{id}/history lists them.");
        }
        if (revision < 1) {
            throw ValidationException.of("revision", "Revisions start at 1, not " + revision + ".");
        }
        return revision;
    }
}
