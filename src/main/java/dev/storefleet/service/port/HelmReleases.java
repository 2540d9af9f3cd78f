package dev.storefleet.service.port;

import dev.storefleet.domain.Store;
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
}
