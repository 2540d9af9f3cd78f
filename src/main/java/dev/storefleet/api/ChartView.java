package dev.storefleet.api;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.StoreType;

/** A bundled chart as {@code GET /api/charts} shows it. */
record ChartView(String type, String name, String version, String appVersion) {

    static ChartView of(StoreType type, ChartVersion chart) {
        return new ChartView(type.chartName(), chart.name(), chart.version(), chart.appVersion());
    }
}
