package dev.storefleet.charts;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The repository's charts rendered by the embedded Helm exactly as the chart tests render them
 * (offline, lookups answered by {@link FakeApiServer}), for tests outside this package that run
 * what a chart renders.
 */
public final class ChartRendering {
    private ChartRendering() {
    }

    /** {@code helm template} of {@code chart} as release {@code release} with {@code values}, parsed. */
    public static List<HasMetadata> render(String chart, String release, Map<String, Object> values) {
        return ChartFixture.parse(ChartFixture.template(chart, release, values));
    }

    public static Path chartDir(String chart) {
        return ChartFixture.chartDir(chart);
    }
}
