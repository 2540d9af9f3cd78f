package dev.storefleet.service;

import dev.storefleet.domain.ChangePreview;
import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.ManifestDiff;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.RevisionValues;
import java.util.Map;

/**
 * What an upgrade or a rollback of a store would change, computed from Helm's records and a
 * server-side dry run, with nothing written: no store row, no audit row, no queued work, no Helm
 * revision. "Before" is the release's current revision (Helm's newest, which after a failed upgrade
 * is the failed one), as the rollback dialog compares.
 */
final class ChangePreviews {
    private final StoreRecords records;
    private final HelmReleases helm;
    private final ChartValues chartValues;
    private final ManifestDiffer differ = new ManifestDiffer();

    ChangePreviews(StoreRecords records, HelmReleases helm, ChartValues chartValues) {
        this.records = records;
        this.helm = helm;
        this.chartValues = chartValues;
    }

    /** The bundled chart with the values an upgrade would pass ({@link ChartValues}), against the current revision. */
    ChangePreview upgrade(long id, Map<String, Object> overrides) {
        Store store = records.get(id);
        store.startUpgrade(records.now()); // the state machine's refusal in its own words; nothing is written
        ReleaseInfo current = current(store);
        RevisionValues now = kept(store, current.revision());
        Map<String, Object> values = chartValues.of(store, overrides);
        ChartVersion bundled = helm.bundledChart(store.type());
        int next = current.revision() + 1;
        ValuesDiff valuesDiff = ValuesDiff.between(now.revision(), now.chart(), now.values(), next, bundled.label(),
                values);
        ManifestDiff manifests = differ.diff(manifest(store, current.revision()), "revision " + current.revision(),
                helm.renderUpgrade(store, values), "upgrade to " + bundled.label());
        return preview(store, valuesDiff, manifests);
    }

    /** The stored chart, values and manifest of {@code revision}, against the current revision. */
    ChangePreview rollback(long id, int revision) {
        Store store = records.get(id);
        if (!store.canRollback()) {
            store.startRollback(records.now()); // throws the state machine's own words
        }
        ReleaseInfo current = current(store);
        RevisionValues now = kept(store, current.revision());
        RevisionValues target = revision == current.revision() ? now : kept(store, revision);
        ValuesDiff valuesDiff = ValuesDiff.between(now.revision(), now.chart(), now.values(), target.revision(),
                target.chart(), target.values());
        ManifestDiff manifests = differ.diff(manifest(store, current.revision()), "revision " + current.revision(),
                manifest(store, revision), "revision " + revision);
        return preview(store, valuesDiff, manifests);
    }

    private static ChangePreview preview(Store store, ValuesDiff values, ManifestDiff manifests) {
        boolean atTarget = !values.chartChanges() && values.noValueChanges() && manifests.objects().isEmpty();
        return new ChangePreview(store.id(), store.name(), values.chartBefore(), values.chartAfter(), values, manifests,
                atTarget);
    }

    private ReleaseInfo current(Store store) {
        return helm.status(store).orElseThrow(() -> new InvalidStateException("Release " + store.releaseName()
                + " does not exist, so there is nothing to compare with. Retry provisioning, or re-provision the store."));
    }

    private RevisionValues kept(Store store, int revision) {
        return helm.values(store, revision).orElseThrow(() -> new InvalidStateException("Release "
                + store.releaseName() + " has no revision " + revision + " any more (Helm keeps the latest "
                + "revisions only); pick another one."));
    }

    private String manifest(Store store, int revision) {
        return helm.manifest(store, revision).orElseThrow(() -> new InvalidStateException("Release "
                + store.releaseName() + " has no revision " + revision + " any more (Helm keeps the latest "
                + "revisions only); pick another one."));
    }
}
