package dev.storefleet.domain;

/**
 * What an upgrade or a rollback of one store would change, computed without changing anything:
 * the chart it goes from and to, the user values, and the rendered manifests.
 *
 * @param atTarget true when the change would change nothing (same chart, same values, same manifests)
 */
public record ChangePreview(long storeId, String storeName, String chartBefore, String chartAfter,
        ValuesDiff values, ManifestDiff manifests, boolean atTarget) {
}
