package dev.storefleet.domain;

import java.util.Locale;

/** The e-commerce engines Storefleet can run; each is one chart under charts/. */
public enum StoreType {
    WOOCOMMERCE("WooCommerce", "woocommerce"),
    MEDUSA("Medusa", "medusa");

    /** A longer unknown type is cut when repeated in the message. */
    private static final int MAX_SHOWN_LENGTH = 40;

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

    /**
     * Reads a type as people and the seed API spell it: {@code woocommerce} or {@code medusa} in
     * any ASCII case, plain spaces around it dropped; a missing or empty type means WooCommerce.
     * Nothing else is trimmed or folded, so {@code "woocommerce\u0000"} or a look-alike letter
     * (the long s of "meduſa") is refused.
     */
    public static StoreType parse(String text) {
        String wanted = text == null ? "" : InputText.trimSpaces(text);
        if (wanted.isEmpty()) {
            return WOOCOMMERCE;
        }
        String choose = "choose woocommerce or medusa.";
        InputText.BadCharacter bad = InputText.firstBad(wanted, InputText::printableAscii).orElse(null);
        if (bad != null) {
            throw ValidationException.of("type", "Store type contains "
                    + bad.shiftedBy(text.indexOf(wanted)).words() + "; " + choose);
        }
        for (StoreType type : values()) {
            if (type.chartName.equals(wanted.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        String shown = wanted.length() <= MAX_SHOWN_LENGTH ? wanted : wanted.substring(0, MAX_SHOWN_LENGTH) + "…";
        throw ValidationException.of("type", "Store type '" + shown + "' is not known: " + choose);
    }

    @Override
    public String toString() {
        return displayName;
    }
}
