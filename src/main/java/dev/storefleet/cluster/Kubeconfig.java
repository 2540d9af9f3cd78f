package dev.storefleet.cluster;

import dev.storefleet.domain.KubeconfigException;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The user's kubeconfig, read as kubectl reads it: the files of {@code KUBECONFIG} (merged,
 * the first file to name a context, cluster or user wins) or {@code ~/.kube/config}.
 * Relative certificate and key paths are made absolute against their own file, so the merged
 * result can be handed to Helm as one document. Nothing is cached: each load reads the files.
 * With no kubeconfig at all inside a pod ({@code KUBERNETES_SERVICE_HOST} set), the pod's service
 * account is the one context, {@value InClusterConfig#CONTEXT} ({@link InClusterConfig}), as
 * kubectl and client-go do.
 */
public final class Kubeconfig {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final Config merged;

    private Kubeconfig(Config merged) {
        this.merged = merged;
    }

    /** Reads the kubeconfig the way kubectl would find it, or the pod's service account when there is none. */
    public static Kubeconfig load(Map<String, String> env, Path userHome) {
        String variable = env.get("KUBECONFIG");
        List<Path> files = new ArrayList<>();
        if (variable != null && !variable.isBlank()) {
            for (String part : variable.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    files.add(Path.of(part.strip()));
                }
            }
        } else {
            Path standard = userHome.resolve(".kube").resolve("config");
            if (!Files.exists(standard) && InClusterConfig.detected(env)) {
                return new Kubeconfig(InClusterConfig.kubeconfig(env));
            }
            files.add(standard);
        }
        return fromFiles(files);
    }

    public static Kubeconfig fromFiles(List<Path> files) {
        List<Config> configs = new ArrayList<>();
        List<Path> found = new ArrayList<>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue; // kubectl skips missing entries of KUBECONFIG too
            }
            configs.add(absolutised(parse(file), file.toAbsolutePath().getParent()));
            found.add(file);
        }
        if (configs.isEmpty()) {
            throw new KubeconfigException("No kubeconfig found (looked at " + files + "). Point KUBECONFIG at your"
                    + " cluster's kubeconfig (for k3s: /etc/rancher/k3s/k3s.yaml, copied to ~/.kube/config) and"
                    + " restart the console.");
        }
        Config merged = merge(configs);
        if (merged.getContexts() == null || merged.getContexts().isEmpty()) {
            throw new KubeconfigException("The kubeconfig " + found + " has no contexts. Add one with"
                    + " 'kubectl config set-context' or use the file your cluster gave you.");
        }
        return new Kubeconfig(merged);
    }

    public List<String> contexts() {
        return merged.getContexts().stream().map(NamedContext::getName).toList();
    }

    /** The kubeconfig's current context, or the first one if it names none (or a missing one). */
    public String defaultContext() {
        String current = merged.getCurrentContext();
        return current != null && contexts().contains(current) ? current : contexts().get(0);
    }

    /** The API server URL of a context, for messages. */
    public String serverOf(String context) {
        NamedContext named = context(context);
        return merged.getClusters().stream().filter(c -> c.getName().equals(named.getContext().getCluster()))
                .map(c -> c.getCluster().getServer()).findFirst().orElse("(no cluster)");
    }

    /** One self-contained kubeconfig document whose current context is {@code context}. */
    public String contentsFor(String context) {
        context(context);
        Config copy = YAML.unmarshal(YAML.asYaml(merged), Config.class);
        copy.setCurrentContext(context);
        return YAML.asYaml(copy);
    }

    /** A fabric8 client configuration for {@code context}; a user's {@code tokenFile} is read by {@link TokenFile}. */
    public io.fabric8.kubernetes.client.Config clientConfig(String context) {
        try {
            io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.fromKubeconfig(context,
                    contentsFor(context), null);
            AuthInfo user = user(context);
            if (user != null && (user.getToken() == null || user.getToken().isBlank()) && user.getTokenFile() != null
                    && !user.getTokenFile().isBlank()) {
                config.setOauthTokenProvider(new TokenFile(Path.of(user.getTokenFile())));
            }
            return config;
        } catch (KubeconfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KubeconfigException("The kubeconfig context '" + context + "' cannot be used: "
                    + e.getMessage() + ". Check its cluster and user entries.", e);
        }
    }

    private AuthInfo user(String context) {
        String name = context(context).getContext().getUser();
        return merged.getUsers().stream().filter(u -> u.getName().equals(name)).map(NamedAuthInfo::getUser)
                .findFirst().orElse(null);
    }

    private NamedContext context(String name) {
        return merged.getContexts().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new KubeconfigException("The kubeconfig has no context named '" + name
                        + "'; it has " + contexts() + "."));
    }

    private static Config parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KubeconfigException("Cannot read the kubeconfig " + file + ": " + e.getMessage()
                    + ". Check its permissions.", e);
        }
        try {
            Config config = KubeConfigUtils.parseConfigFromString(text);
            if (config == null) {
                throw new KubeconfigException("The kubeconfig " + file + " is empty.");
            }
            return config;
        } catch (KubeconfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KubeconfigException("The kubeconfig " + file + " is not valid YAML for a kubeconfig: "
                    + firstLine(e.getMessage()) + ".", e);
        }
    }

    private static Config merge(List<Config> configs) {
        Map<String, NamedContext> contexts = new LinkedHashMap<>();
        Map<String, NamedCluster> clusters = new LinkedHashMap<>();
        Map<String, NamedAuthInfo> users = new LinkedHashMap<>();
        String current = null;
        for (Config config : configs) {
            putAllAbsent(contexts, config.getContexts(), NamedContext::getName);
            putAllAbsent(clusters, config.getClusters(), NamedCluster::getName);
            putAllAbsent(users, config.getUsers(), NamedAuthInfo::getName);
            if (current == null && config.getCurrentContext() != null && !config.getCurrentContext().isBlank()) {
                current = config.getCurrentContext();
            }
        }
        Config merged = new Config();
        merged.setApiVersion("v1");
        merged.setKind("Config");
        merged.setContexts(new ArrayList<>(contexts.values()));
        merged.setClusters(new ArrayList<>(clusters.values()));
        merged.setUsers(new ArrayList<>(users.values()));
        merged.setCurrentContext(current);
        return merged;
    }

    private static <T> void putAllAbsent(Map<String, T> into, List<T> items, Function<T, String> name) {
        if (items != null) {
            for (T item : items) {
                if (name.apply(item) != null) {
                    into.putIfAbsent(name.apply(item), item);
                }
            }
        }
    }

    /** kubectl resolves relative file paths against the kubeconfig file that holds them. */
    private static Config absolutised(Config config, Path dir) {
        if (config.getClusters() != null) {
            for (NamedCluster named : config.getClusters()) {
                Cluster cluster = named.getCluster();
                if (cluster != null) {
                    cluster.setCertificateAuthority(absolute(cluster.getCertificateAuthority(), dir));
                }
            }
        }
        if (config.getUsers() != null) {
            for (NamedAuthInfo named : config.getUsers()) {
                AuthInfo user = named.getUser();
                if (user != null) {
                    user.setClientCertificate(absolute(user.getClientCertificate(), dir));
                    user.setClientKey(absolute(user.getClientKey(), dir));
                    user.setTokenFile(absolute(user.getTokenFile(), dir));
                }
            }
        }
        return config;
    }

    private static String absolute(String path, Path dir) {
        if (path == null || path.isBlank() || Path.of(path).isAbsolute() || dir == null) {
            return path;
        }
        return dir.resolve(path).normalize().toString();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
