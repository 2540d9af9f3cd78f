package dev.storefleet.service.port;

import java.util.List;

/** Which cluster the console talks to: the kubeconfig's contexts, switching, reachability. */
public interface ClusterAccess {

    /** The contexts of the kubeconfig; throws KubeconfigException when there is none usable. */
    List<String> contexts();

    String currentContext();

    /** Talks to {@code context} from now on (operations already running keep their context). */
    void switchTo(String context);

    /** Asks the API server for its version, with a short timeout. Never throws. */
    ClusterHealth check();

    /** What {@link #check()} found. */
    record ClusterHealth(boolean reachable, String context, String server, String version, String problem) {
    }
}
