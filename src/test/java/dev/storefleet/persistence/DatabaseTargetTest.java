package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DATABASE_URL as operators write it, and as they mistype it. */
class DatabaseTargetTest {
    private static final Path DATA = Path.of("/tmp/storefleet-data");

    @Test
    void noUrlIsTheLocalFile() {
        for (Map<String, String> env : java.util.List.of(Map.<String, String>of(), Map.of("DATABASE_URL", "  "))) {
            DatabaseTarget target = DatabaseTarget.fromEnvironment(env, DATA);
            assertFalse(target.shared());
            assertEquals(DATA.toAbsolutePath(), target.dataDirectory());
            assertNull(target.jdbcUrl());
        }
    }

    @Test
    void theSeedsFormWithAnEncodedPasswordAndDriverOptions() {
        DatabaseTarget target = DatabaseTarget.fromEnvironment(
                Map.of("DATABASE_URL", "postgresql://alice:p%40ss%3Aword@db.example:5433/fleet?sslmode=require"), DATA);
        assertTrue(target.shared());
        assertEquals("jdbc:postgresql://db.example:5433/fleet?sslmode=require", target.jdbcUrl());
        assertEquals("alice", target.user());
        assertEquals("p@ss:word", target.password());
        assertEquals("the PostgreSQL database fleet on db.example:5433 as alice", target.describe());
        assertFalse(target.toString().contains("p@ss"), target.toString());
    }

    @Test
    void postgresSchemeAndTheDefaultPort() {
        DatabaseTarget target = DatabaseTarget.of("postgres://bob@10.0.0.5/storefleet", null, DATA);
        assertEquals("jdbc:postgresql://10.0.0.5:5432/storefleet", target.jdbcUrl());
        assertEquals("bob", target.user());
        assertNull(target.password());
    }

    @Test
    void theJdbcFormWithUserAndPasswordInItsQuery() {
        DatabaseTarget target = DatabaseTarget.of(
                "jdbc:postgresql://pg.internal:5432/fleet?user=carol&password=s3cret&sslmode=verify-full", null, DATA);
        assertEquals("jdbc:postgresql://pg.internal:5432/fleet?sslmode=verify-full", target.jdbcUrl(),
                "user and password go to the pool, not the URL it may log");
        assertEquals("carol", target.user());
        assertEquals("s3cret", target.password());
    }

    @Test
    void databasePasswordWinsOverTheUrls() {
        DatabaseTarget target = DatabaseTarget.fromEnvironment(Map.of("DATABASE_URL", "postgresql://dan:old@db/fleet",
                "DATABASE_PASSWORD", "from-a-secret"), DATA);
        assertEquals("from-a-secret", target.password());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mysql://erin:hunter2@db/fleet",
        "jdbc:h2:/tmp/x",
        "postgresql://erin:hunter2@/fleet",
        "postgresql://erin:hunter2@db.example",
        "postgresql://:hunter2@db.example/fleet",
        "postgresql://db.example/fleet",
        "postgresql://erin:hun ter2@db.example/fleet",
        "postgresql://erin:hunter2%zz@db.example/fleet",
    })
    void aUrlThatCannotBeUsedIsRefusedInWordsThatDoNotRepeatThePassword(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatabaseTarget.of(url, null, DATA));
        assertTrue(e.getMessage().startsWith("DATABASE_URL"), e.getMessage());
        assertTrue(e.getMessage().contains("postgresql://") || e.getMessage().contains("percent"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("hun ter2"), e.getMessage());
    }
}
