package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupt is the caller's business, never the database's: a thread that reaches the database
 * with its interrupt flag set, or is interrupted while inside it, gets its work done and its flag
 * back, and the database stays open for every other thread. Before, H2's file channel closed
 * itself on such a thread ("The database has been closed [90098]" for everyone after).
 */
@Timeout(60)
class InterruptedStorageTest {
    @TempDir
    Path dir;
    private DatabaseTarget target;

    /** The database the tests run on: the H2 file; PostgreSQL in {@link InterruptedStorageOnPostgresTest}. */
    protected DatabaseTarget database() {
        return DatabaseTarget.h2(dir);
    }

    @BeforeEach
    void chooseDatabase() {
        target = database();
    }

    @Test
    void aThreadWithItsInterruptFlagSetCommitsAndKeepsTheFlag() {
        long id;
        try (Database db = Database.open(target)) {
            Thread.currentThread().interrupt();
            try {
                id = insert(db, 0).id();
                assertTrue(Thread.currentThread().isInterrupted(), "the flag is given back");
                assertEquals(1, db.stores().findAll().size(), "read with the flag still set");
            } finally {
                Thread.interrupted();
            }
            assertEquals(2, insert(db, 1).id() - id + 1, "the database is still open");
        }
        try (Database db = Database.open(target)) {
            assertEquals(2, db.stores().findAll().size(), "both commits are in the database");
        }
    }

    @Test
    void interruptsLandingInsideDatabaseCallsNeverFailThemNorCloseTheDatabase() throws Exception {
        int commits = 300;
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        try (Database db = Database.open(target)) {
            Thread committer = new Thread(() -> {
                for (int n = 0; n < commits; n++) {
                    try {
                        insert(db, n);
                        db.stores().findAll();
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }, "committer");
            Thread interrupter = new Thread(() -> {
                Random random = new Random(7);
                int sent = 0;
                while (!stop.get()) {
                    committer.interrupt();
                    sent++;
                    java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(2_000_000));
                }
                assertTrue(sent > commits, "interrupts were sent throughout: " + sent);
            }, "interrupter");
            committer.start();
            interrupter.start();
            committer.join(50_000);
            stop.set(true);
            interrupter.join();
            assertEquals(List.of(), failures.stream().map(Throwable::toString).toList());
            assertEquals(commits, done.get());
            assertEquals(commits, db.stores().findAll().size(), "still open for this thread");
        }
        try (Database db = Database.open(target)) {
            assertEquals(commits, db.stores().findAll().size(), "every commit is in the database");
        }
    }

    private static Store insert(Database db, int n) {
        Store draft = Store.accepted(new NewStoreRequest("Interrupted " + n, "owner-" + n, null, null).validate(),
                Instant.now());
        return db.stores().insert(draft, 3, s -> AuditEvent.of(Instant.now(), ActionType.CREATE, Outcome.SUCCESS, s,
                "tester", "interrupted")).store();
    }
}
