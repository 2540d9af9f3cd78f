package dev.storefleet.persistence;

import dev.storefleet.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;

/**
 * {@link DatabaseFailureTest} on a real PostgreSQL. The database goes away under the services as a
 * server does for its clients when it is stopped: every connection to it is ended and new ones are
 * refused until it is back.
 */
class DatabaseFailureOnPostgresTest extends DatabaseFailureTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }

    @Override
    protected void takeTheDatabaseAway() throws Exception {
        try (Connection c = TestPostgres.connectToServer(); Statement s = c.createStatement()) {
            String name = TestPostgres.databaseName(fx.database());
            s.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
        }
    }

    @Override
    protected void bringTheDatabaseBack() throws Exception {
        try (Connection c = TestPostgres.connectToServer(); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + TestPostgres.databaseName(fx.database()) + " WITH ALLOW_CONNECTIONS true");
        }
    }
}
