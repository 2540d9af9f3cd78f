package dev.storefleet.service.port;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helm operations on a store's release (release name and namespace come from the store).
 * Failures are ClusterException with the operation and the release in the message.
 */
public interface HelmReleases {

    /** {@code helm upgrade --install} of the store's chart with these values. */
    ReleaseInfo upgradeInstall(Store store, Map<String, Object> values);

    /** Makes a new revision carrying exactly the chart and values of {@code revision}. */
    ReleaseInfo rollback(Store store, int revision);

    /** Every revision Helm still keeps, oldest first; empty if the release does not exist. */
    List<ReleaseInfo> history(Store store);

    /**
     * The chart and user-supplied values Helm stored for {@code revision}; empty if Helm keeps
     * no such revision (never made, or pruned).
     */
    Optional<RevisionValues> values(Store store, int revision);

    /** The current revision, or empty if there is no release. */
    Optional<ReleaseInfo> status(Store store);

    /** Removes the release; succeeds quietly if it is already gone. */
    void uninstall(Store store);

    /** The chart this console installs and upgrades stores of {@code type} with (its Chart.yaml); needs no cluster. */
    ChartVersion bundledChart(StoreType type);

    /**
     * The rendered manifest Helm stored for {@code revision} (the objects it applied, as multi-document
     * YAML, hooks not included); empty if Helm keeps no such revision.
     */
    Optional<String> manifest(Store store, int revision);

    /**
     * What an upgrade of the store to the bundled chart with exactly these values would apply: the
     * manifest of a server-side dry run (lookups see the release's objects, nothing is changed,
     * no revision is made), in the form {@link #manifest} gives.
     */
    String renderUpgrade(Store store, Map<String, Object> values);
}
