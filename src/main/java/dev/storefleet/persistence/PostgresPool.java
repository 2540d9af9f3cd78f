package dev.storefleet.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The connection pool to a shared PostgreSQL database: a few connections (a console's work is a
 * handful of short transactions at a time), a first connection made at once so a wrong URL fails
 * the start in words, short timeouts so a vanished server is told in seconds, and a lock timeout
 * like the H2 file's, so concurrent creates for one owner queue on its row instead of failing.
 */
final class PostgresPool {
    static final int MAX_CONNECTIONS = 10;

    private PostgresPool() {
    }

    static HikariDataSource open(DatabaseTarget target) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("storefleet");
        config.setJdbcUrl(target.jdbcUrl());
        config.setUsername(target.user());
        if (target.password() != null) {
            config.setPassword(target.password());
        }
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(1); // one attempt at start: a wrong URL is told at once
        config.setConnectionInitSql("SET lock_timeout = '10s'");
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("ApplicationName", "storefleet");
        return new HikariDataSource(config);
    }
}
