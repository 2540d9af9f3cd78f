package dev.storefleet.testcluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a real API server authorizes a request as, read from its method, path and query the way
 * kube-apiserver's request-info does ({@code k8s.io/apiserver/pkg/endpoints/request}): a resource
 * request's RBAC verb ({@code get list watch create update patch delete deletecollection}), API
 * group ({@code ""} for core), resource, subresource ({@code ""} when none), namespace and name;
 * or a non-resource request ({@code /version}, {@code /api}, {@code /apis/…} discovery,
 * {@code /openapi/…}) with its path and lower-case method.
 *
 * <p>A WebSocket upgrade of {@code pods/exec}, {@code pods/attach} or {@code pods/portforward} is
 * authorized twice since Kubernetes 1.35 ({@code AuthorizePodWebsocketUpgradeCreatePermission},
 * on by default): as {@code get} (the GET it is) and as {@code create}; both records are returned.
 */
public record AccessRecord(String verb, String group, String resource, String subresource, boolean namespaced,
        String namespace, String name, String nonResourcePath) {

    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
    private static final Set<String> STREAMING_SUBRESOURCES = Set.of("exec", "attach", "portforward");

    public boolean isResource() {
        return nonResourcePath == null;
    }

    /** {@code resource} or {@code resource/subresource}, as RBAC rules name it. */
    public String resourceName() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    @Override
    public String toString() {
        return isResource() ? verb + " " + (group.isEmpty() ? "core" : group) + "/" + resourceName()
                + (!namespaced ? " (cluster)" : namespace == null ? " in every namespace" : " in " + namespace)
                : verb + " " + nonResourcePath;
    }

    /** The authorization attributes of one recorded request (two for a streaming upgrade). */
    public static List<AccessRecord> of(TestKubernetesApi.Request request) {
        String method = request.method().toUpperCase(java.util.Locale.ROOT);
        String[] parts = Arrays.stream(request.path().split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
        String group;
        String version;
        int at;
        if (parts.length >= 3 && parts[0].equals("api")) {
            group = "";
            version = parts[1];
            at = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            group = parts[1];
            version = parts[2];
            at = 3;
        } else {
            return List.of(new AccessRecord(method.toLowerCase(java.util.Locale.ROOT), "", "", "", false, null, null,
                    request.path()));
        }
        boolean watch = "true".equals(Query.param(request.query(), "watch")) || "1".equals(Query.param(request.query(), "watch"));
        if (parts[at].equals("watch")) { // the deprecated /api/v1/watch/... form
            watch = true;
            at++;
        }
        String[] rest = Arrays.copyOfRange(parts, at, parts.length);
        String namespace = null;
        if (rest.length > 1 && rest[0].equals("namespaces")) {
            namespace = rest[1];
            if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.contains(rest[2])) {
                rest = Arrays.copyOfRange(rest, 2, rest.length);
            }
        }
        String resource = rest[0];
        String name = rest.length > 1 ? rest[1] : null;
        String subresource = rest.length > 2 ? rest[2] : "";
        String verb = switch (method) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> watch ? "watch" : name == null ? "list" : "get";
        };
        String groupVersion = group.isEmpty() ? version : group + "/" + version;
        Resources.Resource known = Resources.ALL.stream()
                .filter(r -> r.groupVersion().equals(groupVersion) && r.plural().equals(resource)).findFirst().orElse(null);
        boolean namespaced = known != null ? known.namespaced() : namespace != null;
        String scopedNamespace = namespaced ? namespace : null;
        List<AccessRecord> records = new ArrayList<>();
        records.add(new AccessRecord(verb, group, resource, subresource, namespaced, scopedNamespace, name, null));
        if (request.upgrade() && method.equals("GET") && resource.equals("pods") && STREAMING_SUBRESOURCES.contains(subresource)) {
            records.add(new AccessRecord("create", group, resource, subresource, namespaced, scopedNamespace, name, null));
        }
        return List.copyOf(records);
    }
}
