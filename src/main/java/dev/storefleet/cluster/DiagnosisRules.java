package dev.storefleet.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * When a release that is still coming up is judged stuck rather than slow. Kubernetes retries
 * every one of these states for ever; past these limits they do not heal by themselves, so the
 * store fails at once with the reason instead of at the ready deadline with a timeout.
 *
 * @param imagePullGrace   how long a container may fail to pull its image (ErrImagePull,
 *                         ImagePullBackOff) before the store fails: a registry hiccup heals, a
 *                         missing tag does not
 * @param configGrace      how long a container may wait on its configuration
 *                         (CreateContainerConfigError: a Secret or ConfigMap key that is not there)
 * @param schedulingGrace  how long a pod may stay unschedulable (not enough CPU or memory on any
 *                         node, an unbound PersistentVolumeClaim)
 * @param crashRestarts    restarts after which a container in CrashLoopBackOff fails the store
 * @param logLines         lines of the failing container's log kept with the store's error
 */
public record DiagnosisRules(Duration imagePullGrace, Duration configGrace, Duration schedulingGrace,
        int crashRestarts, int logLines) {

    public static final DiagnosisRules DEFAULTS = new DiagnosisRules(Duration.ofSeconds(90), Duration.ofSeconds(30),
            Duration.ofSeconds(90), 3, 30);

    public DiagnosisRules {
        Objects.requireNonNull(imagePullGrace, "imagePullGrace");
        Objects.requireNonNull(configGrace, "configGrace");
        Objects.requireNonNull(schedulingGrace, "schedulingGrace");
        if (crashRestarts < 1 || logLines < 0) {
            throw new IllegalArgumentException("crashRestarts must be at least 1 and logLines not negative");
        }
    }

    /** The same rules with every grace period set to {@code grace} (tests and impatient operators). */
    public DiagnosisRules withGrace(Duration grace) {
        return new DiagnosisRules(grace, grace, grace, crashRestarts, logLines);
    }
}
