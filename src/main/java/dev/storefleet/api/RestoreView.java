package dev.storefleet.api;

import dev.storefleet.service.BackupService;

/** A finished restore or clone: the store written, the backup restored, the safety backup taken first, the check. */
record RestoreView(long storeId, String storeName, String status, String restoredBackupId, String safetyBackupId,
        VerificationView verification) {

    static RestoreView of(BackupService.RestoreResult r) {
        return new RestoreView(r.store().id(), r.store().name(), r.store().status().code(), r.restored().backupId(),
                r.safetyBackup() == null ? null : r.safetyBackup().backupId(), VerificationView.of(r.verification()));
    }
}
