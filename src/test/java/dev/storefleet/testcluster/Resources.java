package dev.storefleet.testcluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kinds the fixture knows (for discovery, typed list kinds and watches) and the parsing of
 * API paths such as {@code /apis/apps/v1/namespaces/ns/deployments/web/status}.
 */
final class Resources {

    /** One served resource: {@code group} is empty for the core group. */
    record Resource(String group, String version, String kind, String plural, boolean namespaced) {
        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    /** A parsed request path; {@code resource} is null when the kind is unknown here. */
    record ApiPath(String groupVersion, String namespace, String plural, String name, String subresource,
                   Resource resource) {
        boolean isCollection() {
            return name == null;
        }
    }

    static final List<Resource> ALL = List.of(
            core("Namespace", "namespaces", false),
            core("Secret", "secrets", true),
            core("ConfigMap", "configmaps", true),
            core("Service", "services", true),
            core("Endpoints", "endpoints", true),
            core("PersistentVolumeClaim", "persistentvolumeclaims", true),
            core("PersistentVolume", "persistentvolumes", false),
            core("Pod", "pods", true),
            core("ServiceAccount", "serviceaccounts", true),
            core("ResourceQuota", "resourcequotas", true),
            core("LimitRange", "limitranges", true),
            core("Event", "events", true),
            new Resource("apps", "v1", "Deployment", "deployments", true),
            new Resource("apps", "v1", "StatefulSet", "statefulsets", true),
            new Resource("apps", "v1", "ReplicaSet", "replicasets", true),
            new Resource("apps", "v1", "DaemonSet", "daemonsets", true),
            new Resource("batch", "v1", "Job", "jobs", true),
            new Resource("batch", "v1", "CronJob", "cronjobs", true),
            new Resource("networking.k8s.io", "v1", "Ingress", "ingresses", true),
            new Resource("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
            new Resource("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
            new Resource("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
            new Resource("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
            new Resource("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
            new Resource("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
            new Resource("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
            new Resource("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false));

    private static final Map<String, Resource> BY_GV_PLURAL = ALL.stream()
            .collect(Collectors.toMap(r -> r.groupVersion() + "|" + r.plural(), Function.identity()));
    private static final Map<String, Resource> BY_GV_KIND = ALL.stream()
            .collect(Collectors.toMap(r -> r.groupVersion() + "|" + r.kind(), Function.identity()));

    private Resources() {
    }

    private static Resource core(String kind, String plural, boolean namespaced) {
        return new Resource("", "v1", kind, plural, namespaced);
    }

    static Optional<Resource> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(BY_GV_KIND.get(apiVersion + "|" + kind));
    }

    static Resource require(String apiVersion, String kind) {
        return byKind(apiVersion, kind).orElseThrow(() -> new IllegalArgumentException(apiVersion + " " + kind));
    }

    /** Parses a resource path (no query string), or empty when it is not one (discovery, /version, ...). */
    static Optional<ApiPath> parse(String path) {
        String[] s = path.replaceAll("^/+|/+$", "").split("/");
        String groupVersion;
        int i;
        if (s.length >= 3 && s[0].equals("api")) {
            groupVersion = s[1];
            i = 2;
        } else if (s.length >= 4 && s[0].equals("apis")) {
            groupVersion = s[1] + "/" + s[2];
            i = 3;
        } else {
            return Optional.empty();
        }
        String namespace = null;
        boolean namespaceSubresource = s.length - i == 3 && s[i].equals("namespaces")
                && (s[i + 2].equals("status") || s[i + 2].equals("finalize"));
        if (s[i].equals("namespaces") && s.length - i >= 3 && !namespaceSubresource) {
            namespace = s[i + 1];
            i += 2;
        }
        String plural = s[i];
        String name = s.length > i + 1 ? s[i + 1] : null;
        String sub = s.length > i + 2 ? s[i + 2] : null;
        return Optional.of(new ApiPath(groupVersion, namespace, plural, name, sub,
                BY_GV_PLURAL.get(groupVersion + "|" + plural)));
    }

    /** The collection path of a kind, e.g. {@code /apis/apps/v1/namespaces/ns/deployments}. */
    static String collectionPath(Resource r, String namespace) {
        String prefix = r.group().isEmpty() ? "/api/v1" : "/apis/" + r.groupVersion();
        return prefix + (r.namespaced() && namespace != null ? "/namespaces/" + namespace : "") + "/" + r.plural();
    }

    // ---- discovery documents ------------------------------------------------------------------

    /** The body for a discovery path, or null when {@code path} is not one. */
    static String discovery(String path, String serverAddress) {
        ObjectNode doc = Json.object();
        switch (path) {
            case "/api" -> {
                doc.put("kind", "APIVersions");
                doc.putArray("versions").add("v1");
                doc.putArray("serverAddressByClientCIDRs").addObject()
                        .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
            }
            case "/apis" -> {
                doc.put("kind", "APIGroupList").put("apiVersion", "v1");
                ArrayNode groups = doc.putArray("groups");
                ALL.stream().filter(r -> !r.group().isEmpty()).map(Resource::groupVersion).distinct().forEach(gv -> {
                    String group = gv.substring(0, gv.indexOf('/'));
                    ObjectNode g = groups.addObject().put("name", group);
                    ObjectNode v = Json.object().put("groupVersion", gv).put("version", gv.substring(gv.indexOf('/') + 1));
                    g.putArray("versions").add(v);
                    g.set("preferredVersion", v.deepCopy());
                });
            }
            case "/version" -> doc.put("major", "1").put("minor", "33").put("gitVersion", "v1.33.5+k3s1")
                    .put("gitCommit", "0000000000000000000000000000000000000000").put("gitTreeState", "clean")
                    .put("buildDate", "2025-10-01T00:00:00Z").put("goVersion", "go1.24.6")
                    .put("compiler", "gc").put("platform", "linux/amd64");
            default -> {
                String gv = path.startsWith("/api/") ? path.substring(5)
                        : path.startsWith("/apis/") ? path.substring(6) : null;
                List<Resource> rs = ALL.stream().filter(r -> r.groupVersion().equals(gv)).toList();
                if (rs.isEmpty()) {
                    return null;
                }
                doc.put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", gv);
                ArrayNode resources = doc.putArray("resources");
                for (Resource r : rs) {
                    ObjectNode n = resources.addObject().put("name", r.plural())
                            .put("singularName", r.kind().toLowerCase()).put("namespaced", r.namespaced())
                            .put("kind", r.kind());
                    ArrayNode verbs = n.putArray("verbs");
                    List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
                            .forEach(verbs::add);
                    resources.addObject().put("name", r.plural() + "/status").put("singularName", "")
                            .put("namespaced", r.namespaced()).put("kind", r.kind())
                            .putArray("verbs").add("get").add("patch").add("update");
                }
            }
        }
        return doc.toString();
    }
}
