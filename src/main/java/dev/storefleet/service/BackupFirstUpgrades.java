package dev.storefleet.service;

import static dev.storefleet.service.StoreService.MAX_DETAIL;
import static dev.storefleet.service.StoreService.clip;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgrade with "back up first": the upgrade is checked as it would be at once (refused in words,
 * audited, before any backup runs), then a backup of the store runs on its queue, and only once the
 * archive is written is the upgrade asked for, through the same request as without a backup. A
 * failed backup leaves the store as it was (READY, same revision): the upgrade is refused in words
 * and audited, and never queued.
 */
final class BackupFirstUpgrades {
    private static final Logger LOG = LoggerFactory.getLogger(BackupFirstUpgrades.class);
    /** How a refused upgrade's words start when its backup failed. */
    static final String BACKUP_FAILED = "backup before upgrade failed: ";

    private final StoreRecords records;
    private final StoreRequests requests;
    private volatile PreChangeBackup backups = PreChangeBackup.NONE;

    BackupFirstUpgrades(StoreRecords records, StoreRequests requests) {
        this.records = records;
        this.requests = requests;
    }

    void backupsFrom(PreChangeBackup port) {
        this.backups = port;
    }

    /**
     * The backup, then the upgrade ({@code rolloutId} as in {@link StoreRequests#upgrade}): the
     * future gives the store as its upgrade was recorded, or fails with why it was not.
     */
    CompletableFuture<Store> upgrade(long id, Map<String, Object> extraValues, String actor, Long rolloutId) {
        Store store = requests.checkUpgrade(id, actor, rolloutId);
        String reason = rolloutId == null ? "before upgrade" : "before upgrade in rollout " + rolloutId;
        CompletableFuture<?> backup;
        try {
            backup = backups.backUp(id, reason, actor);
        } catch (StoreException e) {
            throw refused(store, actor, e);
        }
        CompletableFuture<Store> upgraded = new CompletableFuture<>();
        backup.whenComplete((manifest, error) -> {
            if (error != null) {
                upgraded.completeExceptionally(refused(store, actor, unwrap(error)));
                return;
            }
            if (upgraded.isDone()) {
                return; // given up on (a rollout's gate ran out): the upgrade is not asked for
            }
            try {
                upgraded.complete(requests.upgrade(id, extraValues, actor, rolloutId));
            } catch (RuntimeException e) {
                upgraded.completeExceptionally(e); // refused by the upgrade's own checks, audited there
            }
        });
        return upgraded;
    }

    /** The upgrade refused because its backup failed: audited, and the words to throw. */
    private InvalidStateException refused(Store store, String actor, Throwable cause) {
        String words = clip(BACKUP_FAILED + (cause.getMessage() == null ? cause.toString() : cause.getMessage())
                + "; store '" + store.name() + "' was not upgraded", MAX_DETAIL);
        try {
            records.append(records.audit(ActionType.UPGRADE, Outcome.REJECTED, store, actor, words));
        } catch (StorageException e) {
            LOG.error("Could not audit the refused upgrade of store {}", store.id(), e);
        }
        InvalidStateException refusal = new InvalidStateException(words);
        refusal.initCause(cause);
        return refusal;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
