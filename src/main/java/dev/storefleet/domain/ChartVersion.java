package dev.storefleet.domain;

import java.util.Objects;

/**
 * A chart as Helm knows it: its name, its version and the version of the application it carries.
 * {@link #label()} is how Helm lists it ({@code woocommerce-0.1.0}).
 */
public record ChartVersion(String name, String version, String appVersion) {

    public ChartVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /** {@code name-version}, as {@code helm list} shows a release's chart. */
    public String label() {
        return name + "-" + version;
    }

    /** The version part of a {@code name-version} label (the name may hold dashes); null for null. */
    public static String versionOf(String label) {
        if (label == null) {
            return null;
        }
        // a version such as 1.0.0-rc.1 has a dash too: the version starts after the first dash before a digit
        for (int i = 0; i < label.length() - 1; i++) {
            if (label.charAt(i) == '-' && Character.isDigit(label.charAt(i + 1))) {
                return label.substring(i + 1);
            }
        }
        return null;
    }
}
