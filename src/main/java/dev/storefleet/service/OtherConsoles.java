package dev.storefleet.service;

import dev.storefleet.domain.StoreException;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.service.port.AuditLog.Followed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the other consoles and serve instances on a shared database do, told to this one's
 * listeners as if it had happened here: the audit log is followed by id (every store change is
 * written with its audit row, in one transaction), and each store another process changed is read
 * again, once per poll, and published as changed or removed. One indexed query per poll when
 * nothing happened; never a reload of the whole fleet.
 *
 * <p>Ids are handed out when a row is inserted but become visible when its transaction commits,
 * so a row with a lower id can appear after a higher one. An id missing below the highest seen is
 * looked for again until it shows up or {@link #GAP_WAIT} passes (a rolled-back insert leaves a
 * hole for ever).
 */
public final class OtherConsoles implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtherConsoles.class);
    static final Duration GAP_WAIT = Duration.ofSeconds(10);
    private static final int PAGE = 500;
    /** More missing ids than this at once is not commit order but a jump of the id sequence. */
    private static final int MAX_GAPS = 10_000;

    private final AuditLog log;
    private final StoreRecords records;
    private final StoreEvents events;
    private final Clock clock;
    /** Every id up to here is handled. */
    private long low;
    /** Ids above {@link #low} already handled. */
    private final TreeSet<Long> seenAbove = new TreeSet<>();
    /** Ids above {@link #low} not seen yet, and since when they are missing. */
    private final Map<Long, Instant> missing = new TreeMap<>();
    private ScheduledExecutorService poller;

    OtherConsoles(AuditLog log, StoreRecords records, StoreEvents events, Clock clock) {
        this.log = log;
        this.records = records;
        this.events = events;
        this.clock = clock;
    }

    /** Starts following from the log's newest row, every {@code every}. */
    public synchronized void start(Duration every) {
        if (poller != null) {
            return;
        }
        low = log.latestId();
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "storefleet-other-consoles");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::pollQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (StoreException e) {
            LOG.warn("Could not read what other consoles did: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Following other consoles failed", e);
        }
    }

    /** Reads the rows written since the last poll and tells the listeners about the others'. */
    synchronized void poll() {
        Set<Long> changedStores = new LinkedHashSet<>();
        long cursor = low;
        List<Followed> rows;
        do {
            rows = log.after(cursor, PAGE);
            for (Followed row : rows) {
                long id = row.event().id();
                cursor = id;
                if (seenAbove.add(id)) {
                    missing.remove(id);
                    if (!row.fromThisProcess()) {
                        events.audited(row.event());
                        if (row.event().storeId() != null) {
                            changedStores.add(row.event().storeId());
                        }
                    }
                }
            }
        } while (rows.size() == PAGE);
        advance();
        for (long storeId : changedStores) {
            records.find(storeId).ifPresentOrElse(records::changed, () -> events.storeRemoved(storeId));
        }
    }

    /** Moves {@link #low} over the ids seen and those missing for longer than {@link #GAP_WAIT}. */
    private void advance() {
        if (seenAbove.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long highest = seenAbove.last();
        if (highest - low - seenAbove.size() > MAX_GAPS) {
            LOG.info("The audit log's ids jumped from {} to {}; following on from there", low, highest);
            low = highest;
            seenAbove.clear();
            missing.clear();
            return;
        }
        for (long id = low + 1; id < highest; id++) {
            if (!seenAbove.contains(id)) {
                missing.putIfAbsent(id, now);
            }
        }
        while (true) {
            long next = low + 1;
            if (seenAbove.remove(next)) {
                low = next;
            } else if (missing.containsKey(next) && !missing.get(next).plus(GAP_WAIT).isAfter(now)) {
                missing.remove(next);
                low = next;
            } else {
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            // A look in progress is waited for, not interrupted: an interrupt must not land in a database call.
            poller.shutdown();
            try {
                poller.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
