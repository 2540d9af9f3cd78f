package dev.storefleet.domain;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every guardrail of Storefleet, findable here: the numbers and rules live in this class, and the
 * code that enforces each one reads them from here. Where a rule is code rather than a figure
 * (a character class, the state machine), the table names the class that holds it.
 *
 * <table>
 * <caption>Guardrails and where they are enforced</caption>
 * <tr><th>guardrail</th><th>rule</th><th>enforced in</th></tr>
 * <tr><td>stores per owner</td><td>{@value #MAX_STORES_PER_OWNER}; owners compared ignoring case</td>
 *     <td>persistence {@code JpaStoreRepository.insert}: a lock on the owner's row, then a count, in the
 *     create's transaction (holds under concurrent creates); {@link QuotaExceededException}</td></tr>
 * <tr><td>unique names</td><td>display names unique ignoring case; slugs (so namespaces) unique</td>
 *     <td>persistence {@code JpaStoreRepository}, and the database's unique keys ({@code Transactions});
 *     {@link ConflictException}</td></tr>
 * <tr><td>store name</td><td>1 to {@value #MAX_NAME_LENGTH} characters, at least one a-z or 0-9 for the slug;
 *     characters as {@code InputText.allowedInName}</td><td>{@link NewStoreRequest#validate()}</td></tr>
 * <tr><td>owner</td><td>1 to {@value #MAX_OWNER_LENGTH} characters, the same characters as a name</td>
 *     <td>{@link NewStoreRequest#validate()}</td></tr>
 * <tr><td>e-mail</td><td>optional; at most {@value #MAX_EMAIL_LENGTH} characters, printable ASCII,
 *     {@link #EMAIL}, a local part of at most {@value #MAX_EMAIL_LOCAL_PART_LENGTH}</td>
 *     <td>{@link NewStoreRequest#validate()}</td></tr>
 * <tr><td>namespace and release name</td><td>{@code store-<slug>}, the slug a DNS-1123 label of at most
 *     {@value #MAX_SLUG_LENGTH} characters (longer names keep their start and get a hash)</td>
 *     <td>{@link StoreNames}</td></tr>
 * <tr><td>namespace quota</td><td>ResourceQuota {@link #NAMESPACE_QUOTA}</td>
 *     <td>cluster {@code Fabric8StoreCluster.ensureNamespace}</td></tr>
 * <tr><td>container defaults and ceiling</td><td>LimitRange: requests {@link #CONTAINER_DEFAULT_REQUEST},
 *     limits {@link #CONTAINER_DEFAULT_LIMIT}, at most {@link #CONTAINER_MAX}</td>
 *     <td>cluster {@code Fabric8StoreCluster.ensureNamespace}</td></tr>
 * <tr><td>network isolation</td><td>NetworkPolicy: ingress only from the namespace itself and from
 *     {@link #INGRESS_CONTROLLER_NAMESPACE}</td><td>cluster {@code Fabric8StoreCluster.ensureNamespace}</td></tr>
 * <tr><td>ownership labels</td><td>{@code app.kubernetes.io/managed-by=storefleet}, store id, slug and type on
 *     the namespace; only labelled namespaces are reported as orphans</td>
 *     <td>cluster {@code StoreLabels}</td></tr>
 * <tr><td>Helm history</td><td>{@value #MAX_RELEASE_REVISIONS} revisions kept per release, never the deployed
 *     one pruned; values go to Helm as a file, never as {@code --set}</td>
 *     <td>cluster {@code HelmJavaReleases}</td></tr>
 * <tr><td>re-provision</td><td>only a READY store whose namespace or release is gone (drift)</td>
 *     <td>service {@code StoreRequests.reprovision}, from {@code FleetHealth}</td></tr>
 * <tr><td>lifecycle</td><td>retry only from FAILED, upgrade from READY, rollback from READY or a FAILED store
 *     with a deployed revision, delete from any state</td><td>{@link StoreStatus}, {@link Store}</td></tr>
 * <tr><td>one operation per store</td><td>at most {@code STOREFLEET_MAX_IN_FLIGHT} stores at once, one
 *     operation per store, in order</td><td>service {@code StoreWorkQueue}</td></tr>
 * <tr><td>fleet rollout</td><td>a store in at most one open rollout; a store in a running or paused rollout
 *     refuses a manual upgrade; at most {@value #MAX_ROLLOUT_IN_FLIGHT} stores in flight; the target is the
 *     bundled chart</td><td>service {@code RolloutService}, {@code StoreRequests.upgrade}; persistence
 *     {@code JpaRolloutRepository}</td></tr>
 * <tr><td>audit trail</td><td>every request audited, refusals included; rows never updated or deleted</td>
 *     <td>service {@code StoreRequests}; persistence {@code AuditAppendOnlyTrigger}</td></tr>
 * </table>
 */
public final class Guardrails {
    /** Stores one owner may have at once. */
    public static final int MAX_STORES_PER_OWNER = 3;

    /** A store's display name, in UTF-16 units, lower-cased too (as the unique key stores it). */
    public static final int MAX_NAME_LENGTH = 63;
    /**
     * A slug, and so the namespace and release {@code store-<slug>}: short enough to leave room for
     * the charts' own suffixes within Kubernetes' 63-character names.
     */
    public static final int MAX_SLUG_LENGTH = 30;
    public static final int MAX_OWNER_LENGTH = 255;
    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_EMAIL_LOCAL_PART_LENGTH = 64;

    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    /** An e-mail address: a dot-atom local part (RFC 5322) and a domain of at least two DNS labels, in ASCII. */
    public static final Pattern EMAIL = Pattern.compile(ATOM + "(\\." + ATOM + ")*@" + LABEL + "(\\." + LABEL + ")+");

    /** The ResourceQuota of every store's namespace: one store cannot starve the others. */
    public static final Map<String, String> NAMESPACE_QUOTA = Map.of(
            "requests.cpu", "2", "requests.memory", "4Gi",
            "limits.cpu", "4", "limits.memory", "8Gi",
            "requests.storage", "30Gi", "persistentvolumeclaims", "6",
            "pods", "20");
    /** What a container of a store gets when its chart asks for nothing (LimitRange default request). */
    public static final Map<String, String> CONTAINER_DEFAULT_REQUEST = Map.of("cpu", "100m", "memory", "128Mi");
    /** The limit of a container whose chart sets none (LimitRange default). */
    public static final Map<String, String> CONTAINER_DEFAULT_LIMIT = Map.of("cpu", "500m", "memory", "512Mi");
    /** The most one container of a store may ask for (LimitRange max). */
    public static final Map<String, String> CONTAINER_MAX = Map.of("cpu", "2", "memory", "4Gi");
    /** The only namespace besides its own whose pods may reach a store: the ingress controller's (k3s runs Traefik there). */
    public static final String INGRESS_CONTROLLER_NAMESPACE = "kube-system";

    /** The most stores one rollout upgrades at once ({@code maxInFlight} of a plan). */
    public static final int MAX_ROLLOUT_IN_FLIGHT = 20;
    /** A rollout store's gate (READY, healthy, verified after its upgrade) when the plan names none. */
    public static final java.time.Duration ROLLOUT_GATE_TIMEOUT = java.time.Duration.ofMinutes(10);
    /** The longest gate a plan may ask for. */
    public static final java.time.Duration MAX_ROLLOUT_GATE_TIMEOUT = java.time.Duration.ofHours(1);

    /** Revisions Helm keeps per release, as {@code helm --history-max 10} would. */
    public static final int MAX_RELEASE_REVISIONS = 10;

    private Guardrails() {
    }
}
