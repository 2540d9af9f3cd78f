package dev.storefleet.app;

import java.util.List;
import javafx.geometry.Rectangle2D;

/**
 * Where the main window opens: the remembered size and position when they still fit the
 * screens there are now, otherwise a size that fits the main screen, centred. A window
 * remembered on a monitor that has since been unplugged must not open off every screen. The first
 * run fills most of the main screen ({@value #FIRST_RUN_SHARE} of it, as the store table takes the
 * window's height and every row more is a store more), centred.
 */
record WindowPlacement(double width, double height, double x, double y) {
    /** Of the main screen's visual bounds (without task bars), on the first run. */
    static final double FIRST_RUN_SHARE = 0.9;
    /** Less than this of the window on a screen and it is treated as lost. */
    private static final double MIN_VISIBLE = 120;
    /**
     * The sizes are the window's content; the window manager's title bar comes on top of it
     * (its height is known only once the window is shown): room kept for it.
     */
    static final double TITLE_BAR = 40;

    /** No position: let the window system centre it. */
    boolean centred() {
        return Double.isNaN(x) || Double.isNaN(y);
    }

    /**
     * @param x, y, savedWidth, savedHeight what was remembered; NaN for what was not
     * @param screens the visual bounds (without task bars) of every screen, the main one first
     */
    static WindowPlacement of(double x, double y, double savedWidth, double savedHeight, List<Rectangle2D> screens) {
        Rectangle2D main = screens.get(0);
        double width = positiveOr(savedWidth, Math.floor(main.getWidth() * FIRST_RUN_SHARE));
        double height = positiveOr(savedHeight, Math.floor(main.getHeight() * FIRST_RUN_SHARE));
        Rectangle2D home = Double.isNaN(x) || Double.isNaN(y) ? null : screens.stream()
                .filter(s -> overlap(x, width, s.getMinX(), s.getMaxX()) >= MIN_VISIBLE
                        && overlap(y, height, s.getMinY(), s.getMaxY()) >= MIN_VISIBLE)
                .findFirst().orElse(null);
        Rectangle2D screen = home == null ? main : home;
        double fittedWidth = Math.min(width, screen.getWidth());
        double fittedHeight = Math.min(height, screen.getHeight() - TITLE_BAR);
        if (home == null) {
            return new WindowPlacement(fittedWidth, fittedHeight, Double.NaN, Double.NaN);
        }
        // Keep the title bar reachable: the window's top-left corner on its screen.
        double placedX = Math.max(screen.getMinX(), Math.min(x, screen.getMaxX() - fittedWidth));
        double placedY = Math.max(screen.getMinY(), Math.min(y, screen.getMaxY() - fittedHeight - TITLE_BAR));
        return new WindowPlacement(fittedWidth, fittedHeight, placedX, placedY);
    }

    /** How much of [start, start + length) lies within [min, max). */
    private static double overlap(double start, double length, double min, double max) {
        return Math.min(start + length, max) - Math.max(start, min);
    }

    private static double positiveOr(double value, double fallback) {
        return value > 0 && !Double.isInfinite(value) ? value : fallback;
    }
}
