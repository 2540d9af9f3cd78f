package dev.storefleet.api;

import dev.storefleet.service.AuditService;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /readyz}: whether this instance can serve requests now. The server listens only once
 * the services are started (and start-up reconciliation ran), and stops answering before they
 * close, so what is left to ask is the database: it must answer a trivial query. Why it does not
 * goes to the log, once per change, not on every probe; the answer says it in words only, since
 * the probe needs no token.
 */
final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    record Status(String status) {
    }

    private final AuditService audit;
    private final AtomicBoolean ready = new AtomicBoolean(true);

    Readiness(AuditService audit) {
        this.audit = Objects.requireNonNull(audit);
    }

    ApiResponse answer() {
        try {
            audit.ping();
        } catch (RuntimeException e) {
            if (ready.getAndSet(false)) {
                LOG.warn("Not ready: the database does not answer: {}", e.getMessage());
                LOG.debug("Readiness check", e);
            }
            return new ApiResponse(503, new ErrorView("unavailable", "Not ready: the database does not answer a query,"
                    + " so requests would fail. The server log says why; this answer turns to ready once it answers."),
                    Map.of());
        }
        if (!ready.getAndSet(true)) {
            LOG.info("Ready again: the database answers");
        }
        return ApiResponse.ok(new Status("ready"));
    }
}
