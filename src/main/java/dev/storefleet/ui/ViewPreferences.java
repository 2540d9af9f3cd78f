package dev.storefleet.ui;

import java.util.HashMap;
import java.util.Map;

/**
 * Where views keep what the operator chose (the store table's sort, filters and columns, the
 * details panel's width, the page shown) between runs. The app gives its window preferences;
 * tests and a console without a data directory get {@link #inMemory()}.
 */
public interface ViewPreferences {
    String text(String key, String fallback);

    void put(String key, Object value);

    default double number(String key, double fallback) {
        try {
            return Double.parseDouble(text(key, String.valueOf(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Kept only while the console runs. */
    static ViewPreferences inMemory() {
        Map<String, String> values = new HashMap<>();
        return new ViewPreferences() {
            @Override
            public String text(String key, String fallback) {
                return values.getOrDefault(key, fallback);
            }

            @Override
            public void put(String key, Object value) {
                values.put(key, String.valueOf(value));
            }
        };
    }
}
