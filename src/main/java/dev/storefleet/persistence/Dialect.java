package dev.storefleet.persistence;

import java.util.Map;

/**
 * What differs between the two databases: where their migrations are (one Flyway history: the
 * common scripts, and the few whose SQL differs in a folder per database) and how Hibernate is
 * told which one it speaks to without asking it at boot.
 */
enum Dialect {
    H2(Map.of("jakarta.persistence.database-product-name", "H2")),
    POSTGRESQL(Map.of("jakarta.persistence.database-product-name", "PostgreSQL",
            "jakarta.persistence.database-major-version", "13"));

    private final Map<String, Object> hibernateProperties;

    Dialect(Map<String, Object> hibernateProperties) {
        this.hibernateProperties = hibernateProperties;
    }

    /** The Flyway locations of this database's migrations. */
    String[] migrationLocations() {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + name().toLowerCase(java.util.Locale.ROOT)};
    }

    Map<String, Object> hibernateProperties() {
        return hibernateProperties;
    }
}
