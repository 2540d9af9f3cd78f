package dev.storefleet.api;

/** The optional body of {@code POST /api/stores/{id}/backups}: why the backup is taken, for the audit log. */
record BackupBody(String reason) {
}
