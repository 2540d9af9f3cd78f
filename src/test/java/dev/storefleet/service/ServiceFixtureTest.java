package dev.storefleet.service;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests that want a fresh {@link ServiceFixture} (real services, real H2 file) per test. */
public abstract class ServiceFixtureTest {
    @TempDir
    protected Path dir;
    protected ServiceFixture fx;

    @BeforeEach
    void openServiceFixture() {
        fx = new ServiceFixture(dir);
    }

    @AfterEach
    void closeServiceFixture() {
        fx.close();
    }
}
