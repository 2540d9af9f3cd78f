package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.service.port.RolloutRepository;
import dev.storefleet.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RolloutRepositoryTest} on a real PostgreSQL, where the race is between two consoles (two
 * {@link Database}s, each with its own connection pool), and migration V8 as PostgreSQL ran it.
 */
class RolloutRepositoryOnPostgresTest extends RolloutRepositoryTest {
    private Database other;

    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }

    @Override
    protected RolloutRepository secondConsole() {
        other = Database.open(target);
        return other.rollouts();
    }

    @AfterEach
    void closeOther() {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void migrationEightRanOnPostgresWithItsLockRowAndChecks() throws SQLException {
        try (Connection c = TestPostgres.connect(target); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT success FROM flyway_schema_history WHERE version = '8'")) {
                assertTrue(rs.next(), "V8 is in the schema history");
                assertTrue(rs.getBoolean(1), "and it succeeded");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM fleet_lease WHERE name = 'rollouts'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the row that rollout starts lock");
            }
            SQLException badStatus = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO rollout"
                    + " (plan_json, status, actor, current_wave, created_at, updated_at) VALUES ('{}', 'DONE', 'x', 0, now(), now())"));
            assertTrue(badStatus.getMessage().contains("ck_rollout_status"), badStatus.getMessage());
            SQLException noRollout = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO rollout_store"
                    + " (rollout_id, store_id, store_name, wave_index, position_in_wave, status, upgrade_requested, rollback_requested)"
                    + " VALUES (999999, 1, 'x', 0, 0, 'PENDING', false, false)"));
            assertEquals("23503", noRollout.getSQLState(), "a store's row needs its rollout: " + noRollout.getMessage());
        }
    }
}
