package dev.storefleet.app;

import dev.storefleet.ui.ViewPreferences;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Window size, position and theme, and what the views remember (the store table's sort, filters
 * and columns, the details panel's width: {@link ViewPreferences}), kept between runs in
 * {@code <data directory>/ui.properties} (so a separate STOREFLEET_HOME has its own).
 * A missing or damaged file just means defaults.
 */
final class WindowPreferences implements ViewPreferences {
    private static final Logger LOG = LoggerFactory.getLogger(WindowPreferences.class);

    private final Path file;
    private final Properties values = new Properties();

    WindowPreferences(Path dataDirectory) {
        this.file = dataDirectory.resolve("ui.properties");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                values.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Ignoring unreadable window preferences {}: {}", file, e.getMessage());
            }
        }
    }

    @Override
    public double number(String key, double fallback) {
        try {
            return Double.parseDouble(values.getProperty(key, String.valueOf(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public String text(String key, String fallback) {
        return values.getProperty(key, fallback);
    }

    @Override
    public void put(String key, Object value) {
        values.setProperty(key, String.valueOf(value));
    }

    void save() {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                values.store(out, "Storefleet window preferences");
            }
        } catch (IOException e) {
            LOG.warn("Could not save window preferences to {}: {}", file, e.getMessage());
        }
    }
}
