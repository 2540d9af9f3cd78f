package dev.storefleet.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What differs between the two databases: where their migrations are (one Flyway history: the
 * common scripts, and the few whose SQL differs in a folder per database) and how Hibernate is
 * told which one it speaks to without asking it at boot.
 */
enum Dialect {
    H2(Map.of("jakarta.persistence.database-product-name", "H2"), "set STOREFLEET_HOME to another directory"),
    POSTGRESQL(Map.of("jakarta.persistence.database-product-name", "PostgreSQL",
            "jakarta.persistence.database-major-version", "13"), "point DATABASE_URL at another database");

    private final Map<String, Object> hibernateProperties;
    private final String anotherDatabase;

    Dialect(Map<String, Object> hibernateProperties, String anotherDatabase) {
        this.hibernateProperties = hibernateProperties;
        this.anotherDatabase = anotherDatabase;
    }

    /** How the operator gives a console a database of its own: "set STOREFLEET_HOME to another directory". */
    String anotherDatabase() {
        return anotherDatabase;
    }

    /** The Flyway locations of this database's migrations. */
    String[] migrationLocations() {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + name().toLowerCase(java.util.Locale.ROOT)};
    }

    /**
     * Refuses at once a database whose user may not create the tables: Flyway would try to create
     * its history table ten times, a second apart, before giving up. PostgreSQL 15 no longer lets
     * every user create tables in schema public; its owner may. Thrown as the server's
     * insufficient_privilege (42501), which the start-up failure words know.
     */
    void checkMayMigrate(DataSource pool) {
        if (this != POSTGRESQL) {
            return;
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_schema(), has_schema_privilege(current_schema(), 'CREATE')")) {
            rs.next();
            String schema = rs.getString(1);
            if (schema == null || !rs.getBoolean(2)) {
                throw new IllegalStateException(new SQLException(schema == null ? "the user's search_path names no schema"
                        : "the user may not create tables in schema " + schema, "42501"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> hibernateProperties() {
        return hibernateProperties;
    }
}
