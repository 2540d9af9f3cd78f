package dev.storefleet.service;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.BackupNotFoundException;
import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.domain.Verification;
import dev.storefleet.service.BackupCommands.Command;
import dev.storefleet.service.BackupCommands.StoreCommands;
import dev.storefleet.service.port.BackupArchives;
import dev.storefleet.service.port.BackupArchives.ArchiveReader;
import dev.storefleet.service.port.BackupArchives.ArchiveWriter;
import dev.storefleet.service.port.BackupArchives.Listed;
import dev.storefleet.service.port.BackupArchives.Manifest;
import dev.storefleet.service.port.StoreExec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Backups, restores and clones of stores. A backup is a logical dump of the store's database run
 * in its database container (and for WooCommerce a tar of {@code wp-content} from its WordPress
 * container) through {@link StoreExec}, streamed into one archive of {@link BackupArchives}; only a
 * finished, committed archive is ever listed. A restore checks every part of the archive against
 * its manifest's SHA-256 before it touches a store, streams the parts back into the store's
 * containers, and then verifies the store (a test order placed and found).
 *
 * <p>The work on a store runs on the {@link StoreWorkQueue} like its other operations, so a backup
 * never overlaps an upgrade or a delete of the same store. Each step is audited: the request
 * (BACKUP, RESTORE, CLONE: accepted, or REJECTED in words) and its end (…_SUCCEEDED, …_FAILED).
 */
public final class BackupService {
    /** The database part of an archive: a SQL script (MariaDB) or a pg_dump custom-format file. */
    static final String MARIADB_PART = "database.sql";
    static final String POSTGRES_PART = "database.dump";
    /** WooCommerce's uploads, themes and plugins, as a tar of {@code wp-content}. */
    static final String FILES_PART = "wp-content.tar";
    /** What a clone's name gets: "Corner Shop (staging)". */
    public static final String STAGING_SUFFIX = " (staging)";
    /** The store lease's operation while a restore writes into the store (other consoles are refused meanwhile). */
    static final String RESTORE_LEASE = "restore";

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final StoreService stores;
    private final OrderService orders;
    private final AuditService audit;
    private final StoreExec exec;
    private final BackupArchives archives;
    private final StoreWorkQueue queue;
    private final StoreSettling settling;
    private final StoreLeasing leasing;
    private final StoreRecords records;
    private final Clock clock;

    public BackupService(StoreService stores, OrderService orders, AuditService audit, StoreExec exec,
            BackupArchives archives, StoreWorkQueue queue, StoreEvents events, Clock clock) {
        this.stores = Objects.requireNonNull(stores);
        this.orders = Objects.requireNonNull(orders);
        this.audit = Objects.requireNonNull(audit);
        this.exec = Objects.requireNonNull(exec);
        this.archives = Objects.requireNonNull(archives);
        this.queue = Objects.requireNonNull(queue);
        this.settling = new StoreSettling(stores, events);
        this.leasing = stores.leasing();
        this.records = stores.records();
        this.clock = Objects.requireNonNull(clock);
        stores.backupsFrom((storeId, reason, actor) -> backup(storeId, reason, actor).result());
    }

    /** Where a restore goes: back into its own store, or into a new store of this name. */
    public record Into(String newStoreName) {
        public static final Into SAME = new Into(null);

        public static Into newStore(String name) {
            if (name == null || name.isBlank()) {
                throw ValidationException.of("name", "Give the name of the new store to restore into.");
            }
            return new Into(name.strip());
        }

        public boolean same() {
            return newStoreName == null;
        }
    }

    /**
     * What a restore did: the store it wrote (the new one for a clone), the backup restored, the
     * safety backup taken first (restores into the same store only, else null) and the
     * verification that followed.
     */
    public record RestoreResult(Store store, Manifest restored, Manifest safetyBackup, Verification verification) {
    }

    // ---- backups ---------------------------------------------------------------------------

    /**
     * Queues a backup of a READY store. Refused at once (and audited) when the store is not READY:
     * a suspended store's database is not running.
     */
    public DataJob<Manifest> backup(long storeId, String reason, String actor) {
        Store store = accepted(ActionType.BACKUP, storeId, actor, "backing up: " + words(reason),
                s -> requireRunning(s, "back up"));
        DataJob<Manifest> job = new DataJob<>();
        submit(store.id(), "backup", job, () -> job.complete(backUp(current(store.id()), reason, actor, job)));
        return job;
    }

    /** The store's backups, newest first, each with its checks' result. */
    public List<Listed> list(long storeId) {
        stores.get(storeId);
        return archives.list(storeId);
    }

    /** Deletes one of the store's backups, audited; a backup of another store is not found. */
    public void delete(long storeId, String backupId, String actor) {
        Store store = stores.get(storeId);
        Listed listed = backupOf(store, backupId);
        try {
            if (!archives.delete(listed.manifest().backupId())) {
                throw new BackupNotFoundException(store, backupId);
            }
        } catch (IOException e) {
            throw new StorageException("Could not delete backup " + backupId + " at " + listed.location() + ": "
                    + e.getMessage() + ". Check the folder's permissions.", e);
        }
        audit.append(AuditEvent.of(clock.instant(), ActionType.BACKUP_DELETED, Outcome.SUCCESS, store, actor,
                "deleted backup " + backupId + " (" + listed.fileBytes() + " bytes)"));
    }

    // ---- restores and clones ----------------------------------------------------------------

    /**
     * Restores one of the store's backups into the store itself (a safety backup of it is taken
     * first) or into a new store (a clone: its own name, namespace and passwords; WooCommerce's
     * home and siteurl set to the new store's address). The archive's checksums are checked
     * before anything changes; a damaged archive fails the job and touches nothing.
     */
    public DataJob<RestoreResult> restore(long storeId, String backupId, Into into, String actor) {
        Objects.requireNonNull(into, "into");
        Store source = stores.get(storeId);
        Listed listed = backupOf(source, backupId);
        String detail = "restoring backup " + backupId + (into.same() ? " into the same store (after a safety backup)"
                : " into a new store '" + into.newStoreName() + "'");
        boolean[] leased = {false};
        try {
            accepted(ActionType.RESTORE, storeId, actor, detail, s -> {
                if (!listed.intact()) {
                    throw new InvalidStateException("Backup " + backupId + " cannot be restored: " + listed.problem());
                }
                if (into.same()) {
                    requireRunning(s, "restore a backup into");
                    // No upgrade, delete or second restore from another console while the data goes back.
                    leasing.claim(s.id(), s::name, RESTORE_LEASE, actor);
                    leased[0] = true;
                }
            });
            return restoreAccepted(source, listed.manifest(), into, actor);
        } catch (RuntimeException e) {
            if (leased[0]) {
                leasing.giveBack(storeId);
            }
            throw e;
        }
    }

    /** One action: a backup of the store, then its restore into a new store named "&lt;name&gt; (staging)". */
    public DataJob<RestoreResult> cloneToStaging(long storeId, String actor) {
        String name = stores.get(storeId).name() + STAGING_SUFFIX;
        new NewStoreRequest(name, "clone", null, null).validate(); // a name too long is refused before the backup
        Store source = accepted(ActionType.CLONE, storeId, actor, "cloning into a new store '" + name + "'",
                s -> requireRunning(s, "clone"));
        DataJob<RestoreResult> job = new DataJob<>();
        DataJob<Manifest> backup = new DataJob<>();
        backup.onProgress(job::follow);
        submit(source.id(), "backup", backup, () -> backup.complete(backUp(current(source.id()),
                "clone to staging", actor, backup)));
        backup.result().whenComplete((manifest, error) -> {
            if (error != null) {
                job.fail(unwrap(error));
                return;
            }
            DataJob<RestoreResult> restore = restoreAccepted(source, manifest, Into.newStore(name), actor);
            restore.onProgress(job::follow);
            job.onCancel(restore::cancel);
            restore.result().whenComplete((result, failure) -> {
                if (failure != null) {
                    job.fail(unwrap(failure));
                } else {
                    job.complete(result);
                }
            });
        });
        job.onCancel(backup::cancel);
        return job;
    }

    private DataJob<RestoreResult> restoreAccepted(Store source, Manifest manifest, Into into, String actor) {
        DataJob<RestoreResult> job = new DataJob<>();
        if (into.same()) {
            // The lease the request took is given up once the data is back, or when the job never ran.
            submit(source.id(), "restore", job, () -> {
                try {
                    restoreSame(source.id(), manifest, actor, job);
                } catch (RuntimeException e) {
                    finish(job, source, manifest, actor, null, e);
                }
                throw new Chained();
            }, () -> leasing.workEnded(source.id()));
            return job;
        }
        AtomicReference<Store> created = new AtomicReference<>();
        // The checksums first, on the source's queue: a damaged archive creates no store.
        submit(source.id(), "restore check", job, () -> {
            try {
                job.step("checking backup " + manifest.backupId());
                open(manifest.backupId()).close();
                Store target = stores.create(new NewStoreRequest(into.newStoreName(), source.owner(), source.email(),
                        source.type().chartName()), actor);
                created.set(target);
                job.step("provisioning the new store '" + target.name() + "'");
                settling.settled(target.id())
                        .thenCompose(ready -> restoreNew(ready, manifest, actor, job))
                        .whenComplete((result, error) -> finish(job, source, manifest, actor, result,
                                error == null ? null : removed(created.get(), actor, error)));
            } catch (RuntimeException e) {
                finish(job, source, manifest, actor, null, created.get() == null ? e : removed(created.get(), actor, e));
            }
            throw new Chained();
        });
        return job;
    }

    /** A clone that failed half-way is deleted again: no store with half its data stays behind. */
    private Throwable removed(Store target, String actor, Throwable error) {
        try {
            stores.delete(target.id(), actor);
        } catch (StoreException e) {
            error.addSuppressed(e);
        }
        return error;
    }

    /**
     * Safety backup, then the data streamed back, under the store's lease (given up by the caller
     * once this returns); the verification is chained behind, on the same queue.
     */
    private void restoreSame(long storeId, Manifest manifest, String actor, DataJob<RestoreResult> job) {
        Store store = current(storeId);
        if (!leasing.holdForWork(storeId, RESTORE_LEASE, actor)) {
            throw new ConflictException("Store '" + store.name() + "' was taken over by another console before its"
                    + " restore began; nothing was restored. Retry once that console's work is done.");
        }
        Manifest safety;
        Store restored;
        try (ArchiveReader reader = open(manifest.backupId())) {
            requireRunning(current(storeId), "restore a backup into");
            job.step("safety backup of '" + store.name() + "'");
            safety = backUp(store, "safety backup before restoring " + manifest.backupId(), actor, job);
            // RESTORING while the data goes back: every console sees the store busy, and a restart
            // finds a restore that was cut (Reconciliation).
            Store restoring = records.update(storeId, s -> s.startRestore(records.now()), s -> records.audit(
                    ActionType.RESTORE_STARTED, Outcome.SUCCESS, s, actor, "replacing its data with backup "
                            + manifest.backupId() + " (safety backup " + safety.backupId() + " taken first)"));
            try {
                streamBack(restoring, reader, job);
            } catch (RuntimeException e) {
                Throwable cause = unwrap(e);
                Store after = records.update(storeId, s -> afterCutRestore(s, manifest.backupId(), safety.backupId(),
                        message(cause), records.now()), s -> records.audit(ActionType.RESTORE_FAILED, Outcome.FAILURE, s,
                        actor, "restore of backup " + manifest.backupId() + " cut part-way: " + message(cause) + "; "
                                + (s.status() == StoreStatus.READY ? "its data is as it was (one transaction)"
                                : s.lastError())));
                throw new Audited(cause, after);
            }
            restored = records.update(storeId, s -> s.restored(records.now()), s -> records.audit(
                    ActionType.RESTORE_STREAMED, Outcome.SUCCESS, s, actor, "the data of backup " + manifest.backupId()
                            + " is back; verifying the store next"));
        }
        verify(restored, job).whenComplete((v, error) -> finish(job, restored, manifest, actor,
                error == null ? new RestoreResult(restored, manifest, safety, v) : null, error));
    }

    /**
     * A store whose restore stopped part-way: a Medusa store's PostgreSQL restore is one transaction,
     * so its data is as it was and it is READY again; a WooCommerce store's MariaDB tables (and
     * files) may be partly replaced, so it is FAILED, saying how to get back.
     */
    static Store afterCutRestore(Store store, String backupId, String safetyBackupId, String why, Instant now) {
        if (store.type() == StoreType.MEDUSA) {
            return store.restored(now);
        }
        return store.failed("Restoring " + (backupId == null ? "a backup" : "backup " + backupId) + " stopped part-way ("
                + why + "): its data may be"
                + " partly restored. Retry the store (it is installed again with its data as it is), then restore"
                + (safetyBackupId == null ? " one of its backups" : " its safety backup " + safetyBackupId)
                + " from the Backups tab.", now);
    }

    /** A new store is READY: the data goes in, its site address is set, the chart's setup runs again. */
    private CompletableFuture<RestoreResult> restoreNew(Store target, Manifest manifest, String actor,
            DataJob<RestoreResult> job) {
        if (target.status() != StoreStatus.READY) {
            throw new InvalidStateException("The new store '" + target.name() + "' did not become ready ("
                    + target.status().label() + (target.lastError() == null ? "" : ": " + target.lastError())
                    + "); nothing was restored into it. Retry or delete it.");
        }
        CompletableFuture<Void> data = new CompletableFuture<>();
        queue.submit(target.id(), "restore", () -> {
            job.checkNotCancelled();
            try (ArchiveReader reader = open(manifest.backupId())) {
                streamBack(target, reader, job);
                if (target.type() == StoreType.WOOCOMMERCE) {
                    job.step("setting the site address to " + target.url());
                    run(target, BackupCommands.wooCommerceSiteUrl(target.url()), null, OutputStream.nullOutputStream(),
                            job);
                }
                data.complete(null);
            } catch (RuntimeException e) {
                data.completeExceptionally(e);
            }
        }).whenComplete((ok, error) -> {
            if (error != null) {
                data.completeExceptionally(error);
            }
        });
        // The restored database holds the source's API keys: the chart's setup publishes the new
        // store's own again (and sets its address once more), as on every upgrade of the same chart.
        return data.thenCompose(done -> {
            job.step("running the chart's setup on the restored data");
            stores.upgrade(target.id(), Map.of(), actor);
            return settling.settled(target.id());
        }).thenCompose(upgraded -> {
            if (upgraded.status() != StoreStatus.READY) {
                throw new InvalidStateException("The chart's setup failed on the restored data of '" + upgraded.name()
                        + "': " + upgraded.lastError());
            }
            return verify(upgraded, job).thenApply(v -> new RestoreResult(upgraded, manifest, null, v));
        });
    }

    private CompletableFuture<Verification> verify(Store store, DataJob<?> job) {
        job.step("verifying '" + store.name() + "': a test order placed and found");
        return orders.verify(store.id(), StoreService.SYSTEM);
    }

    private void finish(DataJob<RestoreResult> job, Store source, Manifest manifest, String actor,
            RestoreResult result, Throwable error) {
        if (unwrap(error) instanceof Audited audited) {
            job.fail(audited.getCause()); // its end is audited with the store's change already
            return;
        }
        if (error != null) {
            Throwable cause = unwrap(error);
            audited(ActionType.RESTORE_FAILED, Outcome.FAILURE, source, actor, "restore of backup "
                    + manifest.backupId() + " failed: " + message(cause));
            job.fail(cause);
            return;
        }
        Verification v = result.verification();
        audited(v.ok() ? ActionType.RESTORE_SUCCEEDED : ActionType.RESTORE_FAILED,
                v.ok() ? Outcome.SUCCESS : Outcome.FAILURE, result.store(), actor, "restored backup "
                        + manifest.backupId() + " of '" + manifest.storeName() + "'; verification "
                        + (v.ok() ? "passed" : "failed: " + v.detail()));
        job.complete(result);
    }

    // ---- the streaming ----------------------------------------------------------------------

    /** Dumps the store's parts into a new archive; the archive exists only if every part streamed. */
    private Manifest backUp(Store store, String reason, String actor, DataJob<?> job) {
        requireRunning(store, "back up");
        StoreCommands commands = BackupCommands.of(store.type());
        Manifest draft = new Manifest(newId(store), store.id(), store.name(), store.type(), store.chartVersion(),
                store.appVersion(), store.helmRevision() == null ? 0 : store.helmRevision(), clock.instant(), actor,
                words(reason), List.of());
        long started = System.nanoTime();
        try (ArchiveWriter writer = archives.create(draft)) {
            dump(store, writer, databasePart(store.type()), commands.databaseDump(), job);
            if (commands.filesDump().isPresent()) {
                dump(store, writer, FILES_PART, commands.filesDump().get(), job);
            }
            Manifest done = writer.commit();
            long bytes = done.parts().stream().mapToLong(BackupArchives.Part::size).sum();
            audit.append(AuditEvent.of(clock.instant(), ActionType.BACKUP_SUCCEEDED, Outcome.SUCCESS, store, actor,
                    "backup " + done.backupId() + ": " + bytes + " bytes in " + done.parts().size() + " parts")
                    .withDuration(Duration.ofNanos(System.nanoTime() - started).toMillis()));
            return done;
        } catch (IOException e) {
            throw backupFailed(store, actor, new StorageException("Could not write the backup archive: "
                    + e.getMessage() + ". Check the free space and permissions of the backups folder.", e));
        } catch (RuntimeException e) {
            throw backupFailed(store, actor, e);
        }
    }

    private RuntimeException backupFailed(Store store, String actor, RuntimeException e) {
        audited(ActionType.BACKUP_FAILED, Outcome.FAILURE, store, actor, (e instanceof CancellationException
                ? "cancelled" : message(e)) + "; nothing of it was kept");
        return e;
    }

    private void dump(Store store, ArchiveWriter writer, String part, Command command, DataJob<?> job)
            throws IOException {
        job.checkNotCancelled();
        job.step("streaming " + part + " of '" + store.name() + "'");
        try (OutputStream out = writer.part(part)) {
            run(store, command, null, out, job);
        }
    }

    /** Streams the archive's parts back into the store's containers (database first, then files). */
    private void streamBack(Store store, ArchiveReader reader, DataJob<?> job) {
        StoreCommands commands = BackupCommands.of(store.type());
        restorePart(store, reader, databasePart(store.type()), commands.databaseRestore(), job);
        if (commands.filesRestore().isPresent()) {
            restorePart(store, reader, FILES_PART, commands.filesRestore().get(), job);
        }
    }

    private void restorePart(Store store, ArchiveReader reader, String part, Command command, DataJob<?> job) {
        job.checkNotCancelled();
        job.step("restoring " + part + " into '" + store.name() + "'");
        try (InputStream in = reader.part(part)) {
            run(store, command, in, OutputStream.nullOutputStream(), job);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + part + " of backup " + reader.manifest().backupId(), e);
        }
    }

    private void run(Store store, Command command, InputStream stdin, OutputStream stdout, DataJob<?> job) {
        exec.run(store, command.target(), command.argv(), stdin, stdout,
                (sent, received) -> job.streamed(stdin == null ? received : sent), job::isCancelled);
    }

    private ArchiveReader open(String backupId) {
        try {
            return archives.open(backupId);
        } catch (IOException e) {
            throw new InvalidStateException(e.getMessage());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Runs {@code work} on the store's queue; its failure (or a cancel) completes the job. */
    private void submit(long storeId, String operation, DataJob<?> job, Runnable work) {
        submit(storeId, operation, job, work, () -> { });
    }

    /** The same, and {@code after} runs on the queue once {@code work} ended, or did not start (cancelled first). */
    private void submit(long storeId, String operation, DataJob<?> job, Runnable work, Runnable after) {
        queue.submit(storeId, operation, () -> {
            try {
                job.checkNotCancelled();
                work.run();
            } catch (Chained e) {
                // the job completes when its chained step does
            } catch (RuntimeException e) {
                job.fail(e);
            } finally {
                after.run();
            }
        }).whenComplete((ok, error) -> {
            if (error != null) {
                job.fail(unwrap(error));
            }
        });
    }

    /** The request check: the store exists and passes {@code check}, audited as accepted or REJECTED. */
    private Store accepted(ActionType action, long storeId, String actor, String detail,
            java.util.function.Consumer<Store> check) {
        Store store = stores.get(storeId);
        try {
            check.accept(store);
        } catch (StoreException e) {
            audited(action, Outcome.REJECTED, store, actor, e.getMessage());
            throw e;
        }
        audited(action, Outcome.SUCCESS, store, actor, detail);
        return store;
    }

    private Listed backupOf(Store store, String backupId) {
        if (backupId == null || backupId.isBlank()) {
            throw ValidationException.of("backupId", "Give the id of one of the store's backups.");
        }
        return archives.find(backupId.strip()).filter(l -> l.manifest().storeId() == store.id())
                .orElseThrow(() -> new BackupNotFoundException(store, backupId));
    }

    private Store current(long storeId) {
        return stores.get(storeId);
    }

    private static void requireRunning(Store store, String action) {
        if (store.status() != StoreStatus.READY) {
            throw new InvalidStateException("Cannot " + action + " store '" + store.name() + "' while it is "
                    + store.status().label() + "; only a ready store's database runs."
                    + (store.status() == StoreStatus.SUSPENDED ? " Resume it first." : ""));
        }
    }

    private void audited(ActionType action, Outcome outcome, Store store, String actor, String detail) {
        audit.append(AuditEvent.of(clock.instant(), action, outcome, store, actor,
                StoreService.clip(detail, StoreService.MAX_DETAIL)));
    }

    private String newId(Store store) {
        return ID_TIME.format(clock.instant()) + "-" + store.slug() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    static String databasePart(StoreType type) {
        return type == StoreType.MEDUSA ? POSTGRES_PART : MARIADB_PART;
    }

    private static String words(String reason) {
        return reason == null || reason.isBlank() ? "asked for" : reason.strip().toLowerCase(Locale.ROOT);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Thrown by a queued step whose job completes later, from a chained step. */
    /** A failure whose audit row was written with the store's change (a restore cut part-way). */
    private static final class Audited extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Audited(Throwable cause, Store store) {
            super("store '" + store.name() + "' is " + store.status().label() + " after: " + cause.getMessage(), cause);
        }
    }

    private static final class Chained extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Chained() {
            super(null, null, false, false);
        }
    }
}
