package dev.storefleet.cluster;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import com.marcnuri.helm.UpgradeCommand;
import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Guardrails;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.RevisionValues;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Helm through helm-java (Helm as a native library inside the JVM: no helm binary, no shell).
 * Values go to Helm as a file, never as --set strings, so no store name can break parsing.
 */
public final class HelmJavaReleases implements HelmReleases {
    private static final Logger LOG = LoggerFactory.getLogger(HelmJavaReleases.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Helm's status of a release whose uninstall began and has not finished. */
    private static final String UNINSTALLING = "uninstalling";

    private final ClusterConnection connection;
    private final BundledCharts charts;
    private final Path workDir;
    private final Duration hookTimeout;

    /**
     * @param workDir     where values files and rebuilt charts are written for the time of a call
     * @param hookTimeout how long Helm waits for hooks (the store's setup Job)
     */
    public HelmJavaReleases(ClusterConnection connection, BundledCharts charts, Path workDir, Duration hookTimeout) {
        this.connection = connection;
        this.charts = charts;
        this.workDir = workDir;
        this.hookTimeout = hookTimeout;
    }

    @Override
    public ReleaseInfo upgradeInstall(Store store, Map<String, Object> values) {
        String operation = "installing release " + store.releaseName() + " in namespace " + store.namespace();
        Path chart = charts.chartDir(store.type());
        clearStalePending(store);
        finishInterruptedUninstall(store);
        return withTempFile("values", JSON.writeValueAsString(values), valuesFile -> {
            Release release = callUpgrade(upgrade(chart, store, valuesFile, "Storefleet install or upgrade"));
            return afterChange(store, release);
        }, operation);
    }

    /**
     * helm-java has no rollback: this does what {@code helm rollback} does. It reads the target
     * revision's release record (chart and user values, as Helm stored them in the namespace)
     * and upgrades to exactly that chart with exactly those values, making a new revision.
     */
    @Override
    public ReleaseInfo rollback(Store store, int revision) {
        String operation = "rolling back release " + store.releaseName() + " to revision " + revision;
        try {
            HelmReleaseRecord target = record(store, revision).orElseThrow(() -> new ClusterException(operation
                    + ": Helm keeps no revision " + revision + " of this release (it may have been pruned)."));
            clearStalePending(store);
            if (newestRecord(store).filter(s -> UNINSTALLING.equals(statusOf(s))).isPresent()) {
                throw new ClusterException(operation + ": the release was left half uninstalled by an interrupted"
                        + " delete, so there is nothing to roll back to. Retry provisioning to install it afresh,"
                        + " or delete the store.");
            }
            Path chartDir = Files.createTempDirectory(workDirectory(), "rollback-chart-");
            try {
                target.writeChart(chartDir);
                return withTempFile("values", target.configJson(), valuesFile -> {
                    Release release = callUpgrade(upgrade(chartDir, store, valuesFile, "Rollback to " + revision));
                    return afterChange(store, release);
                }, operation);
            } finally {
                BundledCharts.deleteTree(chartDir);
            }
        } catch (IOException e) {
            throw new ClusterException(operation + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap(operation, e);
        }
    }

    /** Helm's Go runtime takes SIGTERM/SIGINT during an install or upgrade; they are given back after it. */
    private static Release callUpgrade(UpgradeCommand command) {
        try {
            return command.call();
        } finally {
            StopSignals.afterHelmCall();
        }
    }

    @Override
    public Optional<RevisionValues> values(Store store, int revision) {
        try {
            return record(store, revision).map(r -> new RevisionValues(revision, r.chart(), r.config()));
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("reading the values of revision " + revision + " of release "
                    + store.releaseName(), e);
        }
    }

    /** The stored record of {@code revision}, from its Secret in the store's namespace; empty if gone. */
    private Optional<HelmReleaseRecord> record(Store store, int revision) {
        return Optional.ofNullable(connection.client().secrets().inNamespace(store.namespace())
                .withName(HelmReleaseRecord.secretName(store.releaseName(), revision)).get())
                .map(HelmReleaseRecord::decode);
    }

    @Override
    public List<ReleaseInfo> history(Store store) {
        try {
            return Helm.history(store.releaseName()).withNamespace(store.namespace())
                    .withKubeConfig(connection.helmKubeconfig()).call().stream()
                    .sorted(Comparator.comparingInt(ReleaseHistory::getRevision))
                    .map(HelmJavaReleases::info).toList();
        } catch (RuntimeException e) {
            if (ClusterErrors.isHelmReleaseNotFound(e)) {
                return List.of();
            }
            throw ClusterErrors.wrap("reading the history of release " + store.releaseName(), e);
        }
    }

    @Override
    public Optional<ReleaseInfo> status(Store store) {
        try {
            Release release = Helm.status(store.releaseName()).withNamespace(store.namespace())
                    .withKubeConfig(connection.helmKubeconfig()).call();
            return Optional.of(info(release));
        } catch (RuntimeException e) {
            if (ClusterErrors.isHelmReleaseNotFound(e)) {
                return Optional.empty();
            }
            throw ClusterErrors.wrap("reading the status of release " + store.releaseName(), e);
        }
    }

    @Override
    public void uninstall(Store store) {
        try {
            // Not ignoreNotFound(): in helm-java 0.0.21 it also swallows a failure to *read* the
            // release (API down, 500s) and reports "uninstalled" when nothing was removed.
            Helm.uninstall(store.releaseName()).withNamespace(store.namespace())
                    .withKubeConfig(connection.helmKubeconfig()).call();
        } catch (RuntimeException e) {
            if (!ClusterErrors.isHelmReleaseNotFound(e)) {
                throw ClusterErrors.wrap("uninstalling release " + store.releaseName() + " from namespace "
                        + store.namespace(), e);
            }
        }
    }

    @Override
    public ChartVersion bundledChart(StoreType type) {
        return charts.version(type);
    }

    @Override
    public Optional<String> manifest(Store store, int revision) {
        try {
            return record(store, revision).map(HelmReleaseRecord::manifest);
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("reading the manifest of revision " + revision + " of release "
                    + store.releaseName(), e);
        }
    }

    /**
     * The bundled chart rendered with these values as {@code helm template} renders it, then made
     * what the upgrade would apply (see {@link UpgradeRender}). helm-java's dry-run upgrade answers
     * the release's status and values but not its manifest, so the rendering is client-side; its
     * {@code lookup}s see nothing, which {@link UpgradeRender} makes up for from the live Secrets.
     */
    @Override
    public String renderUpgrade(Store store, Map<String, Object> values) {
        String operation = "previewing the upgrade of release " + store.releaseName() + " in namespace "
                + store.namespace();
        Path chart = charts.chartDir(store.type());
        Map<String, Object> rendered = new java.util.LinkedHashMap<>(values);
        rendered.put("previewRender", true); // the charts skip their lookup (charts/README.md, helm-java notes)
        return withTempFile("values", JSON.writeValueAsString(rendered), valuesFile -> {
            // the charts' kubeVersion is checked against the cluster's, as the upgrade checks it
            String kubeVersion = connection.client().getKubernetesVersion().getGitVersion();
            String first = template(chart, store, valuesFile, kubeVersion);
            String second = template(chart, store, valuesFile, kubeVersion);
            return UpgradeRender.asApplied(first, second, (name) -> Optional.ofNullable(connection.client().secrets()
                    .inNamespace(store.namespace()).withName(name).get()).map(Secret::getData).orElse(Map.of()));
        }, operation);
    }

    private static String template(Path chart, Store store, Path valuesFile, String kubeVersion) {
        try {
            return new Helm(chart).template().withName(store.releaseName()).withNamespace(store.namespace())
                    .withKubeVersion(kubeVersion).withValuesFile(valuesFile).call();
        } finally {
            StopSignals.afterHelmCall(); // the first Helm call of a process may be this one
        }
    }

    private UpgradeCommand upgrade(Path chart, Store store, Path valuesFile, String description) {
        return new Helm(chart).upgrade()
                .install()
                .resetValues()
                .withName(store.releaseName())
                .withNamespace(store.namespace())
                .withKubeConfig(connection.helmKubeconfig())
                .withValuesFile(valuesFile)
                .withDescription(description)
                .withTimeout((int) hookTimeout.toSeconds());
    }

    private ReleaseInfo afterChange(Store store, Release release) {
        try {
            pruneHistory(store);
        } catch (RuntimeException e) {
            LOG.warn("Could not prune old revisions of release {}: {}", store.releaseName(), e.getMessage());
        }
        return info(release);
    }

    /**
     * A console killed in the middle of a Helm operation leaves the release's newest record
     * "pending-install/upgrade/rollback", and Helm then refuses every later operation. The
     * console runs one operation per store at a time, so a pending record found before it
     * starts one is stale: it is removed (what an operator would do by hand), and the release
     * falls back to its previous revision.
     */
    void clearStalePending(Store store) {
        try {
            newestRecord(store)
                    .filter(s -> statusOf(s).startsWith("pending-"))
                    .ifPresent(s -> {
                        LOG.warn("Removing stale {} record {} of release {} left by an interrupted operation",
                                statusOf(s), s.getMetadata().getName(), store.releaseName());
                        connection.client().secrets().inNamespace(store.namespace())
                                .withName(s.getMetadata().getName()).delete();
                    });
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("checking release " + store.releaseName() + " for an interrupted operation", e);
        }
    }

    /**
     * An uninstall cut off by a kill leaves the release "uninstalling" with part of its objects
     * gone, and Helm's upgrade then fails with "has no deployed releases" for ever. Before an
     * install the uninstall is finished, so the install starts the release afresh (revision 1).
     */
    void finishInterruptedUninstall(Store store) {
        boolean uninstalling;
        try {
            uninstalling = newestRecord(store).filter(s -> UNINSTALLING.equals(statusOf(s))).isPresent();
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("checking release " + store.releaseName() + " for an interrupted uninstall", e);
        }
        if (uninstalling) {
            LOG.warn("Release {} was left uninstalling by an interrupted delete; finishing the uninstall"
                    + " before installing it again", store.releaseName());
            uninstall(store);
        }
    }

    private Optional<Secret> newestRecord(Store store) {
        return HelmReleaseRecord.newestSecret(connection.client(), store);
    }

    private static String statusOf(Secret record) {
        return String.valueOf(record.getMetadata().getLabels().get("status"));
    }

    /** Deletes the oldest release records beyond {@link Guardrails#MAX_RELEASE_REVISIONS}, never the deployed one. */
    void pruneHistory(Store store) {
        List<Secret> records = connection.client().secrets().inNamespace(store.namespace())
                .withLabel("owner", "helm").withLabel("name", store.releaseName()).list().getItems();
        if (records.size() <= Guardrails.MAX_RELEASE_REVISIONS) {
            return;
        }
        records.stream()
                .sorted(Comparator.comparingInt(HelmReleaseRecord::versionOf))
                .limit(records.size() - Guardrails.MAX_RELEASE_REVISIONS)
                .filter(s -> !"deployed".equals(s.getMetadata().getLabels().get("status")))
                .forEach(s -> connection.client().secrets().inNamespace(store.namespace())
                        .withName(s.getMetadata().getName()).delete());
    }

    private interface FileUse<T> {
        T apply(Path file);
    }

    private <T> T withTempFile(String prefix, String content, FileUse<T> use, String operation) {
        Path file = null;
        try {
            file = Files.createTempFile(workDirectory(), prefix + "-", ".json");
            Files.writeString(file, content);
            return use.apply(file);
        } catch (IOException e) {
            throw new ClusterException(operation + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap(operation, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}", file, e);
                }
            }
        }
    }

    private Path workDirectory() throws IOException {
        return Files.createDirectories(workDir);
    }

    private static ReleaseInfo info(Release release) {
        return new ReleaseInfo(Integer.parseInt(release.getRevision()), release.getStatus(), release.getChart(),
                release.getAppVersion(), release.getLastDeployed() == null ? null
                        : release.getLastDeployed().toInstant(), null);
    }

    private static ReleaseInfo info(ReleaseHistory history) {
        return new ReleaseInfo(history.getRevision(), history.getStatus(), history.getChart(),
                history.getAppVersion(), history.getUpdated() == null ? null : history.getUpdated().toInstant(),
                history.getDescription());
    }
}
