package dev.storefleet.api;

import dev.storefleet.domain.ValidationException;
import dev.storefleet.service.BackupService;

/** The body of {@code POST /api/stores/{id}/backups/{backupId}/restore}: {@code {"into":"same"}} or {@code {"into":"new","name":"…"}}. */
record RestoreBody(String into, String name) {

    BackupService.Into target() {
        if ("same".equals(into)) {
            return BackupService.Into.SAME;
        }
        if ("new".equals(into)) {
            return BackupService.Into.newStore(name);
        }
        throw ValidationException.of("into", "Say where to restore: {\"into\":\"same\"} (the store itself, after a"
                + " safety backup) or {\"into\":\"new\",\"name\":\"New Shop\"} (a new store).");
    }
}
