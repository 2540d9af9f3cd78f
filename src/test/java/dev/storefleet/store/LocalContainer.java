package dev.storefleet.store;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One container of a rendered pod run as a local process, started as the kubelet starts it: its
 * command and args, working directory and environment (Secret references read from the Secrets
 * the chart rendered, {@code $(VAR)} references expanded), with every path under one of its
 * volume mounts mapped to the local directory standing for that volume. A ConfigMap volume must
 * be a directory holding each of the ConfigMap's files unchanged. What has to differ on this machine (a
 * database address, a listen port) is changed by name, and nothing else is.
 */
final class LocalContainer {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Container container;
    /** mount path → local directory, longest first so nested mounts win. */
    private final Map<String, Path> mounts = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> argv = new ArrayList<>();
    private final Path workingDir;

    /**
     * @param volumes     a local directory for each volume the container mounts, by volume name
     * @param runtimeHome HOME when the container sets none (the container runtime takes it from the image's user)
     */
    LocalContainer(RenderedPod pod, String name, Map<String, Path> volumes, Path runtimeHome) {
        container = pod.container(name);
        List<VolumeMount> sorted = new ArrayList<>(container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts());
        sorted.sort(Comparator.comparingInt((VolumeMount m) -> m.getMountPath().length()).reversed());
        for (VolumeMount m : sorted) {
            Path local = volumes.get(m.getName());
            if (local == null) {
                throw new AssertionError("container " + name + " mounts volume " + m.getName() + " at " + m.getMountPath()
                        + ": no local directory was given for it");
            }
            checkConfigMap(pod, volume(pod, m.getName()), local);
            mounts.put(m.getMountPath(), local.toAbsolutePath());
        }
        try {
            Files.createDirectories(runtimeHome);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", runtimeHome.toAbsolutePath().toString());
        for (EnvVar e : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            env.put(e.getName(), mapPath(e.getValueFrom() == null ? expand(e.getValue() == null ? "" : e.getValue())
                    : fromSource(pod, e)));
        }
        if (container.getCommand() != null) {
            container.getCommand().forEach(c -> argv.add(mapPath(expand(c))));
        }
        if (container.getArgs() != null) {
            container.getArgs().forEach(a -> argv.add(mapPath(expand(a))));
        }
        if (argv.isEmpty()) {
            throw new AssertionError("container " + name + " relies on its image's entrypoint: nothing to run locally");
        }
        workingDir = container.getWorkingDir() == null ? runtimeHome : Path.of(mapPath(container.getWorkingDir()));
    }

    String name() {
        return container.getName();
    }

    /** The environment variable as the container would see it (after the changes made here). */
    String env(String name) {
        return env.get(name);
    }

    /** Sets (or with {@code null} removes) one environment variable: something that must differ locally. */
    LocalContainer withEnv(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /** Replaces the value after {@code flag} in the command line (a listen address or port). */
    LocalContainer withArg(String flag, String value) {
        int i = argv.indexOf(flag);
        if (i < 0 || i + 1 >= argv.size()) {
            throw new AssertionError("container " + name() + " has no " + flag + " in " + argv);
        }
        argv.set(i + 1, value);
        return this;
    }

    List<String> commandLine() {
        return List.copyOf(argv);
    }

    Process start(Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workingDir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Files.createDirectories(log.toAbsolutePath().getParent());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /** Runs the container to its end, as an init container runs; fails with its log when it fails. */
    void runToCompletion(Duration timeout, Path log) throws Exception {
        Process p = start(log);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("container " + name() + " did not finish within " + timeout + "; see " + log
                    + ":\n" + tail(log));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("container " + name() + " failed (exit " + p.exitValue() + "); see " + log + ":\n"
                    + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        String all = Files.readString(log);
        return all.length() > 4000 ? "…" + all.substring(all.length() - 4000) : all;
    }

    private String fromSource(RenderedPod pod, EnvVar e) {
        var ref = e.getValueFrom().getSecretKeyRef();
        if (ref == null) {
            throw new AssertionError(e.getName() + ": only secretKeyRef is played locally");
        }
        return pod.secretValue(ref.getName(), ref.getKey());
    }

    /** The kubelet's expansion: {@code $(NAME)} of a variable defined before it, {@code $$} for a dollar. */
    private String expand(String value) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) == null ? "\\$" : env.containsKey(m.group(1))
                    ? Matcher.quoteReplacement(env.get(m.group(1))) : Matcher.quoteReplacement(m.group());
            m.appendReplacement(out, replacement);
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A path inside the container becomes the same path under the local directory of its volume. */
    private String mapPath(String value) {
        for (var mount : mounts.entrySet()) {
            String at = mount.getKey();
            if (value.equals(at)) {
                return mount.getValue().toString();
            }
            if (value.startsWith(at + "/")) {
                return mount.getValue() + value.substring(at.length());
            }
        }
        return value;
    }

    private static Volume volume(RenderedPod pod, String name) {
        return pod.spec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the pod declares no volume " + name));
    }

    /** A ConfigMap stands for a local directory only if that directory holds exactly its files. */
    private static void checkConfigMap(RenderedPod pod, Volume volume, Path local) {
        if (volume.getConfigMap() == null) {
            return;
        }
        Map<String, String> data = pod.configMap(volume.getConfigMap().getName()).getData();
        try {
            for (var entry : data.entrySet()) {
                Path file = local.resolve(entry.getKey());
                if (!Files.isRegularFile(file) || !Files.readString(file).equals(entry.getValue())) {
                    throw new AssertionError("ConfigMap " + volume.getConfigMap().getName() + " key " + entry.getKey()
                            + " is not the file " + file);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("reading " + local + ": " + e.getMessage(), e);
        }
    }
}
