package dev.storefleet.cluster;

import dev.storefleet.domain.KubeconfigException;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The pod's own service account as a kubeconfig, for {@code serve} running in the cluster: the
 * API server from {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT}, the CA and
 * token Kubernetes mounts into every pod. A kubeconfig (not fabric8's own in-cluster mode) because
 * the embedded Helm takes one as a file; it names the token by path ({@code tokenFile}), so Helm
 * and {@link TokenFile} read the token the kubelet rotates, never a copy.
 *
 * <p>The paths can be moved with the variables fabric8 reads for the same purpose:
 * {@code KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN} (token file) and {@code KUBERNETES_CERTS_CA_FILE}.
 */
final class InClusterConfig {
    static final String CONTEXT = "in-cluster";
    static final String HOST = "KUBERNETES_SERVICE_HOST";
    static final String PORT = "KUBERNETES_SERVICE_PORT";
    static final String TOKEN_FILE = "KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN";
    static final String CA_FILE = "KUBERNETES_CERTS_CA_FILE";
    static final Path DEFAULT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
    static final Path DEFAULT_CA = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");

    private InClusterConfig() {
    }

    /** True inside a pod: Kubernetes sets both variables in every container. */
    static boolean detected(Map<String, String> env) {
        return !blank(env.get(HOST)) && !blank(env.get(PORT));
    }

    /** The service account's kubeconfig; the token and CA files must be there. */
    static Config kubeconfig(Map<String, String> env) {
        String host = env.get(HOST).strip();
        String port = env.get(PORT).strip();
        String server = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        Path token = path(env, TOKEN_FILE, DEFAULT_TOKEN);
        Path ca = path(env, CA_FILE, DEFAULT_CA);
        if (!Files.isReadable(token)) {
            throw new KubeconfigException("Running in a pod (" + HOST + " is set) with no kubeconfig, but there is no"
                    + " service-account token to read at " + token + ". Mount one (automountServiceAccountToken: true"
                    + " on the pod or its ServiceAccount) or point KUBECONFIG at a kubeconfig.");
        }
        if (!Files.isReadable(ca)) {
            throw new KubeconfigException("Running in a pod (" + HOST + " is set) with no kubeconfig, but the cluster's"
                    + " CA certificate is not at " + ca + ". Mount the service account (automountServiceAccountToken:"
                    + " true) or point KUBECONFIG at a kubeconfig.");
        }
        return new ConfigBuilder().withApiVersion("v1").withKind("Config")
                .addNewCluster().withName(CONTEXT).withNewCluster().withServer(server)
                .withCertificateAuthority(ca.toAbsolutePath().toString()).endCluster().endCluster()
                .addNewUser().withName(CONTEXT).withNewUser().withTokenFile(token.toAbsolutePath().toString())
                .endUser().endUser()
                .addNewContext().withName(CONTEXT).withNewContext().withCluster(CONTEXT).withUser(CONTEXT)
                .endContext().endContext()
                .withCurrentContext(CONTEXT).build();
    }

    private static Path path(Map<String, String> env, String variable, Path fallback) {
        String value = env.get(variable);
        return blank(value) ? fallback : Path.of(value.strip());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
