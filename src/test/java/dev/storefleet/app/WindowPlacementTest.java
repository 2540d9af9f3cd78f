package dev.storefleet.app;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

class WindowPlacementTest {
    private static final double NONE = Double.NaN;
    private static final Rectangle2D FULL_HD = new Rectangle2D(0, 0, 1920, 1040);
    private static final Rectangle2D SMALL_LAPTOP = new Rectangle2D(0, 0, 1366, 728);
    private static final Rectangle2D RIGHT_MONITOR = new Rectangle2D(1920, 0, 2560, 1400);

    @Test
    void aFirstRunFillsMostOfTheMainScreenCentred() {
        WindowPlacement p = WindowPlacement.of(NONE, NONE, NONE, NONE, List.of(FULL_HD, RIGHT_MONITOR));
        assertEquals(1728, p.width(), "90% of the main screen's 1920");
        assertEquals(936, p.height(), "90% of its 1040 above the task bar");
        assertTrue(p.centred());
    }

    @Test
    void aFirstRunOnASmallLaptopFitsItsScreen() {
        WindowPlacement p = WindowPlacement.of(NONE, NONE, NONE, NONE, List.of(SMALL_LAPTOP));
        assertEquals(1229, p.width());
        assertEquals(655, p.height(), "with its title bar, not taller than the screen above the task bar");
        assertTrue(p.height() + WindowPlacement.TITLE_BAR <= 728);
    }

    @Test
    void aRememberedPlaceOnAScreenIsKept() {
        WindowPlacement p = WindowPlacement.of(100, 50, 1500, 900, List.of(FULL_HD, RIGHT_MONITOR));
        assertEquals(new WindowPlacement(1500, 900, 100, 50), p);
        WindowPlacement right = WindowPlacement.of(2200, 100, 1800, 1000, List.of(FULL_HD, RIGHT_MONITOR));
        assertEquals(new WindowPlacement(1800, 1000, 2200, 100), right);
    }

    @Test
    void aWindowLeftOnAnUnpluggedMonitorOpensOnTheMainScreen() {
        WindowPlacement p = WindowPlacement.of(2200, 100, 1800, 1000, List.of(SMALL_LAPTOP));
        assertTrue(p.centred(), "not at x=2200, where no screen is");
        assertEquals(1366, p.width());
        assertEquals(728 - WindowPlacement.TITLE_BAR, p.height());
    }

    @Test
    void aWindowHangingOffTheEdgeIsPulledBackWithItsTitleBar() {
        WindowPlacement p = WindowPlacement.of(1700, -40, 1280, 820, List.of(FULL_HD));
        assertEquals(new WindowPlacement(1280, 820, 640, 0), p);
    }

    @Test
    void damagedSizesFallBackToTheFirstRunSize() {
        WindowPlacement p = WindowPlacement.of(NONE, NONE, -5, Double.POSITIVE_INFINITY, List.of(FULL_HD));
        assertEquals(1728, p.width());
        assertEquals(936, p.height());
    }
}
