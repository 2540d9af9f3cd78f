package dev.storefleet.api;

import dev.storefleet.service.port.BackupArchives;
import java.time.Instant;
import java.util.List;

/**
 * A store backup as {@code /api/stores/{id}/backups} answers it: its manifest (parts with size and
 * SHA-256), its size on disk, and whether its checks passed ({@code intact}; {@code problem} in
 * words when not: it is then listed but cannot be restored).
 */
record BackupView(String id, long storeId, String storeName, String type, String chartVersion, String appVersion,
        int helmRevision, Instant createdAt, String actor, String reason, List<BackupArchives.Part> parts,
        long bytes, boolean intact, String problem) {

    static BackupView of(BackupArchives.Listed listed) {
        BackupArchives.Manifest m = listed.manifest();
        return new BackupView(m.backupId(), m.storeId(), m.storeName(), m.type().chartName(), m.chartVersion(),
                m.appVersion(), m.helmRevision(), m.createdAt(), m.actor(), m.reason(), m.parts(), listed.fileBytes(),
                listed.intact(), listed.problem());
    }

    /** A backup just committed: intact by construction, its size the sum of its parts. */
    static BackupView of(BackupArchives.Manifest m) {
        return of(new BackupArchives.Listed(m, null, m.parts().stream().mapToLong(BackupArchives.Part::size).sum(), null));
    }
}
