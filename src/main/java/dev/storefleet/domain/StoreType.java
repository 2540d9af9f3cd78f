package dev.storefleet.domain;

import java.util.Locale;

/** The e-commerce engines Storefleet can run; each is one chart under charts/. */
public enum StoreType {
    WOOCOMMERCE("WooCommerce", "woocommerce"),
    MEDUSA("Medusa", "medusa");

    private final String displayName;
    private final String chartName;

    StoreType(String displayName, String chartName) {
        this.displayName = displayName;
        this.chartName = chartName;
    }

    public String displayName() {
        return displayName;
    }

    public String chartName() {
        return chartName;
    }

    /** Reads a type as people and the seed API spell it; a missing type means WooCommerce. */
    public static StoreType parse(String text) {
        if (text == null || text.isBlank()) {
            return WOOCOMMERCE;
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (StoreType type : values()) {
            if (type.chartName.equals(wanted)) {
                return type;
            }
        }
        throw ValidationException.of("type",
                "Store type '" + text.trim() + "' is not known: choose woocommerce or medusa.");
    }

    @Override
    public String toString() {
        return displayName;
    }
}
