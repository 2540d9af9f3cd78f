package dev.storefleet.api;

import dev.storefleet.domain.StoreException;
import dev.storefleet.service.DataJob;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * {@code GET /api/jobs/{jobId}}: a backup, restore or clone asked through the API. {@code status}
 * is {@code running}, {@code succeeded} (with {@code result}: the backup, or the restore),
 * {@code failed} (with {@code error} in words) or {@code cancelled}.
 */
record JobView(String id, String kind, long storeId, String status, String step, long bytes, String error,
        Object result) {

    static JobView of(DataJobs.Tracked t, Function<Object, Object> resultView) {
        DataJob<?> job = t.job;
        DataJob.Progress p = job.progress();
        if (!job.result().isDone()) {
            return new JobView(t.id, t.kind, t.storeId, "running", p.step(), p.bytes(), null, null);
        }
        try {
            Object value = job.result().join();
            return new JobView(t.id, t.kind, t.storeId, "succeeded", p.step(), p.bytes(), null, resultView.apply(value));
        } catch (CancellationException e) {
            return new JobView(t.id, t.kind, t.storeId, "cancelled", p.step(), p.bytes(), "cancelled", null);
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof CancellationException ? null
                    : cause instanceof StoreException s ? s.getMessage()
                    : "It failed unexpectedly (" + cause.getClass().getSimpleName() + "); the details are in the server log.";
            return new JobView(t.id, t.kind, t.storeId, why == null ? "cancelled" : "failed", p.step(), p.bytes(),
                    why == null ? "cancelled" : why, null);
        }
    }
}
