package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.AuditLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a commit that returned promises holds when the process is killed right after it: a child
 * JVM commits stores (each with its audit row) as fast as it can and prints each id once its
 * commit returned; it is killed with SIGKILL after a seeded number of them, and the database,
 * opened again, must hold every store and audit row that was printed. H2's default (commits
 * written up to 500 ms later by a background thread) lost the last ones in every round. On the H2
 * file here; on PostgreSQL in {@link KilledProcessDurabilityOnPostgresTest}, where the killed
 * process is the server's client: what the server acknowledged must be there, whatever the
 * client's pool or driver still held.
 */
@Timeout(120)
class KilledProcessDurabilityTest {
    private static final long SEED = 12;

    @TempDir
    Path dir;

    /** The database, as the child is told of it: the H2 file's directory; a DATABASE_URL in the subclass. */
    protected String database() {
        return dir.toString();
    }

    /** Kills of a writer: four on the H2 file, whose writes the process itself makes durable. */
    protected int rounds() {
        return 4;
    }

    private static DatabaseTarget target(String database) {
        return database.contains("://") ? DatabaseTarget.of(database, null, null) : DatabaseTarget.h2(Path.of(database));
    }

    /** Run in a child JVM: commits stores for ever, printing "ACK store-id audit-id" after each. */
    public static void main(String[] args) {
        try (Database db = Database.open(target(args[0]))) {
            int start = db.stores().findAll().size();
            for (int n = start; ; n++) {
                Store draft = Store.accepted(new NewStoreRequest("Kill " + n, "owner-" + n, null, null).validate(),
                        Instant.now());
                var recorded = db.stores().insert(draft, 3, s -> AuditEvent.of(Instant.now(), ActionType.CREATE,
                        Outcome.SUCCESS, s, "killer", "round store"));
                System.out.println("ACK " + recorded.store().id() + " " + recorded.audit().id());
                System.out.flush();
            }
        }
    }

    @Test
    void everyCommitThatReturnedSurvivesSigkill() throws Exception {
        Random random = new Random(SEED);
        Set<Long> ackedStores = new HashSet<>();
        Set<Long> ackedAudit = new HashSet<>();
        String database = database();
        for (int round = 0; round < rounds(); round++) {
            int killAfter = 20 + random.nextInt(200);
            Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), KilledProcessDurabilityTest.class.getName(),
                    database)).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                int acks = 0;
                String line;
                while (acks < killAfter && (line = out.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        String[] ids = line.split(" ");
                        ackedStores.add(Long.parseLong(ids[1]));
                        ackedAudit.add(Long.parseLong(ids[2]));
                        acks++;
                    }
                }
                assertEquals(killAfter, acks, "round " + round + " (seed " + SEED + "): the child stopped early");
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no close of the database
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }

            try (Database db = Database.open(target(database))) {
                Set<Long> stored = db.stores().findAll().stream().map(Store::id).collect(Collectors.toSet());
                Set<Long> lostStores = new HashSet<>(ackedStores);
                lostStores.removeAll(stored);
                assertEquals(Set.of(), lostStores, "round " + round + " (seed " + SEED + "): acknowledged stores lost");
                Set<Long> audited = db.auditLog().page(AuditLog.AuditQuery.latest(100_000)).stream()
                        .map(AuditEvent::id).collect(Collectors.toSet());
                Set<Long> lostAudit = new HashSet<>(ackedAudit);
                lostAudit.removeAll(audited);
                assertEquals(Set.of(), lostAudit, "round " + round + " (seed " + SEED + "): acknowledged audit rows lost");
            }
        }
    }
}
