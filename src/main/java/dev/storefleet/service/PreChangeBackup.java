package dev.storefleet.service;

import dev.storefleet.domain.InvalidStateException;
import java.util.concurrent.CompletableFuture;

/**
 * How the store use cases take a backup before they change a store: {@link BackupService} sets it
 * on {@link StoreService} once both exist (it needs the store service, so the store service cannot
 * need it at construction).
 */
@FunctionalInterface
interface PreChangeBackup {
    /** Used until a backup service is wired: refuses in words. */
    PreChangeBackup NONE = (storeId, reason, actor) -> {
        throw new InvalidStateException("This console takes no backups; upgrade without \"back up first\".");
    };

    /**
     * Queues a backup of the store on its work queue; the future completes when the archive is
     * written, exceptionally when the backup failed. Throws at once when the backup is refused.
     */
    CompletableFuture<?> backUp(long storeId, String reason, String actor);
}
