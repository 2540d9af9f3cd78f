package dev.storefleet.ui;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** A test of the real window: a fresh console ({@link ConsoleFixture}, 2 stores at once) shown before each test. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ShownConsoleTest extends ConsoleRobot {
    @TempDir
    Path dir;
    ConsoleFixture fx;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void showConsole() throws Exception {
        fx = ConsoleFixture.open(dir, ConsoleFixture.settings(2)).show();
    }

    @AfterEach
    void closeConsole() throws Exception {
        fx.close();
    }
}
