package dev.storefleet.api;

import static dev.storefleet.api.Role.ADMIN;
import static dev.storefleet.api.Role.OPERATOR;
import static dev.storefleet.api.Role.VIEWER;

import dev.storefleet.service.BackupService;
import dev.storefleet.service.DataJob;
import dev.storefleet.service.port.BackupArchives;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Backups, restores and clones of a store ({@link BackupService}). Each change starts a job and
 * waits for it up to {@code ?wait=} seconds (default {@value #DEFAULT_WAIT_SECONDS}, at most
 * {@value #MAX_WAIT_SECONDS}): finished in time, the answer is its result; otherwise {@code 202}
 * with the job and a {@code Location} to follow it ({@code GET /api/jobs/{jobId}}) or cancel it
 * ({@code DELETE}).
 */
final class BackupRoutes {
    static final int DEFAULT_WAIT_SECONDS = 30;
    static final int MAX_WAIT_SECONDS = 600;
    private static final Set<String> WAIT = Set.of("wait");

    private final BackupService backups;
    private final DataJobs jobs;

    BackupRoutes(BackupService backups, Clock clock) {
        this.backups = Objects.requireNonNull(backups);
        this.jobs = new DataJobs(clock);
    }

    void addTo(Router router) {
        router.add("GET", "/api/stores/{id}/backups", VIEWER, "Listing a store's backups", request -> ApiResponse.ok(
                        backups.list(request.id()).stream().map(BackupView::of).toList()))
                .add("POST", "/api/stores/{id}/backups", OPERATOR, "Backing up a store", this::backUp)
                .add("DELETE", "/api/stores/{id}/backups/{backupId}", ADMIN, "Deleting a backup", request -> {
                    backups.delete(request.id(), request.pathParam("backupId"), request.actor());
                    return ApiResponse.ok(new Deleted(request.pathParam("backupId")));
                })
                .add("POST", "/api/stores/{id}/backups/{backupId}/restore", ADMIN, "Restoring a backup", this::restore)
                .add("POST", "/api/stores/{id}/clone", OPERATOR, "Cloning a store", request -> awaited(request, "clone",
                        backups.cloneToStaging(request.id(), request.actor())))
                .add("GET", "/api/jobs/{jobId}", VIEWER, "Reading a backup or restore job", request -> ApiResponse.ok(
                        JobView.of(job(request), BackupRoutes::resultView)))
                .add("DELETE", "/api/jobs/{jobId}", OPERATOR, "Cancelling a backup or restore job", request -> {
                    DataJobs.Tracked tracked = job(request);
                    tracked.job.cancel();
                    return ApiResponse.ok(JobView.of(tracked, BackupRoutes::resultView));
                });
    }

    private ApiResponse backUp(ApiRequest request) {
        BackupBody body = request.optionalBody(BackupBody.class);
        return awaited(request, "backup", backups.backup(request.id(), body == null ? null : body.reason(),
                request.actor()));
    }

    private ApiResponse restore(ApiRequest request) {
        RestoreBody body = request.body(RestoreBody.class);
        return awaited(request, "restore", backups.restore(request.id(), request.pathParam("backupId"), body.target(),
                request.actor()));
    }

    /** Waits for the job up to {@code ?wait=}; its result (201 a backup, 200 a restore), or 202 while it runs. */
    private ApiResponse awaited(ApiRequest request, String kind, DataJob<?> job) {
        int wait = ApiRequest.intParam(request.query(WAIT), "wait", DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
        DataJobs.Tracked tracked = jobs.track(request.id(), kind, job);
        try {
            Object result = job.result().get(wait, TimeUnit.SECONDS);
            Object view = resultView(result);
            return view instanceof BackupView b ? ApiResponse.created(b, "/api/stores/" + request.id() + "/backups")
                    : ApiResponse.ok(view);
        } catch (TimeoutException e) {
            return running(tracked);
        } catch (InterruptedException e) { // the server is stopping; the job goes on
            Thread.currentThread().interrupt();
            return running(tracked);
        } catch (CancellationException e) {
            throw cancelled();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException) {
                throw cancelled();
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private DataJobs.Tracked job(ApiRequest request) {
        String id = request.pathParam("jobId");
        return jobs.find(id).orElseThrow(() -> new ApiException(404, "not_found", "There is no job '" + id
                + "' (jobs are kept an hour after they end). The store's backups and the activity log say what was done."));
    }

    private static ApiResponse running(DataJobs.Tracked tracked) {
        return ApiResponse.accepted(JobView.of(tracked, BackupRoutes::resultView), "/api/jobs/" + tracked.id);
    }

    private static Object resultView(Object result) {
        if (result instanceof BackupArchives.Manifest m) {
            return BackupView.of(m);
        }
        return result instanceof BackupService.RestoreResult r ? RestoreView.of(r) : result;
    }

    private static ApiException cancelled() {
        return new ApiException(409, "cancelled", "The job was cancelled before it finished; nothing of it was kept.");
    }

    /** The answer to a deleted backup. */
    record Deleted(String deleted) {
    }
}
