package dev.storefleet.charts;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.storefleet.charts.ChartFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** What is particular to the Medusa chart: its two install modes, its store files and its image. */
class MedusaChartTest {

    private static final String CHART = "medusa";

    private static List<HasMetadata> rendered() {
        return StoreChartContractTest.withJob(CHART);
    }

    private static String env(Container c, String name) {
        EnvVar e = c.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name));
        return e.getValue() != null ? e.getValue() : "secret:" + e.getValueFrom().getSecretKeyRef().getKey();
    }

    private static final String NODE_IMAGE = "docker.io/library/node:22.20.0-bookworm-slim";
    private static final String STORE_IMAGE = "registry.example.com/storefleet/medusa-store:2.21.2-1";

    /** The console's values with the prebuilt-image option chosen. */
    private static List<HasMetadata> imageMode() {
        return parse(template(CHART, RELEASE, merge(merge(consoleValues(), values("setup.helmHook", false)),
                values("medusa", Map.of("install", Map.of("mode", "image"), "image",
                        Map.of("repository", "registry.example.com/storefleet/medusa-store", "tag", "2.21.2-1"))))));
    }

    private static PodSpec server(List<HasMetadata> objects) {
        return one(objects, Deployment.class, "-server").getSpec().getTemplate().getSpec();
    }

    private static List<String> names(List<Container> containers) {
        return containers.stream().map(Container::getName).toList();
    }

    @Test
    void byDefaultTheOfficialNodeImageInstallsThenMigratesThenCreatesTheAdminThenStarts() {
        PodSpec spec = server(rendered());
        assertEquals(List.of("install", "wait-for-database", "migrate", "admin"), names(spec.getInitContainers()));
        Container waitForDatabase = spec.getInitContainers().get(1);
        Container migrate = spec.getInitContainers().get(2);
        Container admin = spec.getInitContainers().get(3);
        assertEquals(List.of("node", "-e"), waitForDatabase.getCommand());
        assertTrue(waitForDatabase.getEnv().stream().noneMatch(e -> e.getValueFrom() != null),
                "waiting for the database needs no secret");
        Container medusa = spec.getContainers().get(0);
        assertEquals(List.of("npx", "--no-install", "medusa", "db:migrate"), migrate.getCommand());
        assertEquals(List.of("npx", "--no-install", "medusa", "exec", "./create-admin.js"), admin.getCommand());
        assertEquals(List.of("npx", "--no-install", "medusa", "start", "-H", "0.0.0.0", "-p", "9000"), medusa.getCommand());
        for (Container c : List.of(spec.getInitContainers().get(0), migrate, admin, medusa)) {
            assertEquals(NODE_IMAGE, c.getImage(), c.getName());
        }
        for (Container c : List.of(migrate, admin, medusa)) {
            assertEquals("/app/current", c.getWorkingDir(), c.getName() + " runs in the release the install switched to");
            assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("app") && m.getMountPath().equals("/app")));
        }
        assertEquals("secret:admin-password", env(admin, "ADMIN_PASSWORD"));
        assertEquals("owner@example.com", env(admin, "ADMIN_EMAIL"));
        assertEquals("/health", medusa.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/health", medusa.getLivenessProbe().getHttpGet().getPath());
        assertEquals(1000L, spec.getSecurityContext().getRunAsUser(), "the node image's node user");
    }

    @Test
    void theInstallStepRunsTheChartsScriptOnTheVolumeWithNpmsCacheOnAnEmptyDir() throws Exception {
        List<HasMetadata> objects = rendered();
        PodSpec spec = server(objects);
        Container install = spec.getInitContainers().get(0);
        assertEquals(List.of("sh", "-c"), install.getCommand());
        assertEquals(List.of(Files.readString(chartDir(CHART).resolve("files/install.sh"))), install.getArgs());
        assertEquals("/store", env(install, "STORE_FILES"));
        assertEquals("/app", env(install, "APP_DIR"));
        assertEquals("/home/node", env(install, "HOME"));
        assertTrue(env(install, "NPM_CONFIG_CACHE").startsWith("/home/node/"));
        assertTrue(install.getEnv().stream().noneMatch(e -> e.getValueFrom() != null), "npm ci sees no secret");
        Map<String, String> mounts = new java.util.HashMap<>();
        install.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m.getName()));
        assertEquals(Map.of("/app", "app", "/store", "store", "/home/node", "home", "/tmp", "tmp"), mounts);
        Map<String, io.fabric8.kubernetes.api.model.Volume> volumes = new java.util.HashMap<>();
        spec.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        assertNotNull(volumes.get("home").getEmptyDir());
        assertEquals(RELEASE + "-medusa-store", volumes.get("store").getConfigMap().getName());
        PersistentVolumeClaim pvc = one(objects, PersistentVolumeClaim.class, "-app");
        assertEquals(pvc.getMetadata().getName(), volumes.get("app").getPersistentVolumeClaim().getClaimName());
        assertEquals(List.of("ReadWriteOnce"), pvc.getSpec().getAccessModes());
        assertEquals("Recreate", one(objects, Deployment.class, "-server").getSpec().getStrategy().getType(),
                "a ReadWriteOnce volume: the old pod goes before the new one mounts it");
        // An upgrade from a RollingUpdate revision keeps the API server's rollingUpdate defaults
        // unless the manifest deletes them, and Kubernetes refuses them beside Recreate.
        String manifest = template(CHART, RELEASE, merge(consoleValues(), values("setup.helmHook", false)));
        assertEquals(2, manifest.split("type: Recreate\n", -1).length - 1, "the server and Redis");
        assertEquals(2, manifest.split("rollingUpdate: null\n", -1).length - 1, "both delete rollingUpdate");
    }

    @Test
    void theStoreConfigMapIsTheChartsFilesStoreFolderAsItIs() throws Exception {
        ConfigMap store = one(rendered(), ConfigMap.class, "-store");
        Path dir = chartDir(CHART).resolve("files/store");
        Map<String, String> expected = new java.util.TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                expected.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        assertEquals(Set.of("package.json", "package-lock.json", "medusa-config.js", "create-admin.js"), expected.keySet());
        assertEquals(expected, new java.util.TreeMap<>(store.getData()));
        String checksum = one(rendered(), Deployment.class, "-server").getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/store");
        assertNotNull(checksum, "a changed lockfile or config rolls the pod");
    }

    @Test
    void aPrebuiltImageSkipsTheInstallStepAndTheVolume() {
        List<HasMetadata> objects = imageMode();
        PodSpec spec = server(objects);
        assertEquals(List.of("wait-for-database", "migrate", "admin"), names(spec.getInitContainers()));
        for (Container c : List.of(spec.getInitContainers().get(1), spec.getInitContainers().get(2),
                spec.getContainers().get(0))) {
            assertEquals(STORE_IMAGE, c.getImage(), c.getName());
            assertEquals("/app", c.getWorkingDir(), c.getName() + " runs in the image's WORKDIR");
            assertTrue(c.getVolumeMounts().stream().noneMatch(m -> m.getName().equals("app")), c.getName());
        }
        assertEquals(List.of("npx", "--no-install", "medusa", "db:migrate"), spec.getInitContainers().get(1).getCommand());
        assertTrue(ofKind(objects, PersistentVolumeClaim.class).isEmpty(), "no node_modules volume");
        assertTrue(ofKind(objects, ConfigMap.class).stream().noneMatch(c -> c.getMetadata().getName().endsWith("-store")));
        assertEquals("RollingUpdate", one(objects, Deployment.class, "-server").getSpec().getStrategy().getType());
        Job job = ofKind(objects, Job.class).get(0);
        assertEquals(NODE_IMAGE, job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
                "the setup Job needs only Node, in both modes");
    }

    @Test
    void thePrebuiltImageOptionWithoutAnImageIsRefused() {
        Exception e = assertThrows(Exception.class, () -> templateUncached(CHART, RELEASE,
                merge(consoleValues(), values("medusa.install.mode", "image"))));
        assertTrue(e.getMessage().contains("/medusa/image"), e.getMessage());
        Exception unknown = assertThrows(Exception.class, () -> templateUncached(CHART, RELEASE,
                merge(consoleValues(), values("medusa.install.mode", "docker"))));
        assertTrue(unknown.getMessage().contains("/medusa/install/mode"), unknown.getMessage());
    }

    @Test
    void serverGetsDatabaseRedisAndSecretsFromTheAuthSecret() {
        Container medusa = one(rendered(), Deployment.class, "-server").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals("secret:jwt-secret", env(medusa, "JWT_SECRET"));
        assertEquals("secret:cookie-secret", env(medusa, "COOKIE_SECRET"));
        assertEquals("secret:database-password", env(medusa, "DATABASE_PASSWORD"));
        assertTrue(env(medusa, "DATABASE_URL").matches("postgres://medusa:\\$\\(DATABASE_PASSWORD\\)@"
                + RELEASE + "-medusa-db:5432/medusa.*"), env(medusa, "DATABASE_URL"));
        assertEquals("redis://:$(REDIS_PASSWORD)@" + RELEASE + "-medusa-redis:6379", env(medusa, "REDIS_URL"));
        assertTrue(env(medusa, "STORE_CORS").startsWith("https://" + HOST));
    }

    @Test
    void postgresAndRedisProbesUsePgIsreadyAndRedisCliPing() {
        List<HasMetadata> objects = rendered();
        Container pg = one(objects, StatefulSet.class, "-db").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(String.join(" ", pg.getReadinessProbe().getExec().getCommand()).contains("pg_isready"));
        assertEquals("/var/lib/postgresql/data/pgdata", env(pg, "PGDATA"));
        Container redis = one(objects, Deployment.class, "-redis").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(String.join(" ", redis.getReadinessProbe().getExec().getCommand()).contains("redis-cli -h 127.0.0.1 ping"));
        assertTrue(redis.getArgs().contains("--requirepass"));
    }

    @Test
    void setupJobPublishesWhatTheConsoleNeeds() throws Exception {
        Job job = ofKind(rendered(), Job.class).get(0);
        Container setup = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(List.of("node", "/scripts/setup.js"), setup.getCommand());
        assertEquals("secret:admin-password", env(setup, "ADMIN_PASSWORD"));
        assertEquals("https://" + HOST, env(setup, "STORE_URL"));
        String script = Files.readString(chartDir(CHART).resolve("files/setup.js"));
        for (String key : List.of("url:", "publishableKey:", "adminEmail:", "adminPassword:", "regionId:",
                "salesChannelId:", "'/admin/regions'", "'/admin/sales-channels'", "type: 'publishable'",
                "pp_system_default", "manual_manual", "enabled_in_store", "'/admin/products'", "location-levels")) {
            assertTrue(script.contains(key), "setup.js lacks " + key);
        }
        var required = java.util.regex.Pattern.compile("require\\('([^']+)'\\)").matcher(script).results()
                .map(m -> m.group(1)).toList();
        assertFalse(required.isEmpty());
        assertTrue(required.stream().allMatch(m -> m.startsWith("node:")), "setup.js runs on the plain node image: " + required);
        assertFalse(script.contains("child_process"), "no Medusa CLI in the setup Job");
    }

    @Test
    void theStoreFilesPinMedusaToTheChartsAppVersion() throws Exception {
        Path store = chartDir(CHART).resolve("files/store");
        String appVersion = Files.readAllLines(chartDir(CHART).resolve("Chart.yaml")).stream()
                .filter(l -> l.startsWith("appVersion:")).findFirst().orElseThrow()
                .replaceAll("appVersion:\\s*\"?([^\"]+)\"?", "$1").trim();
        String pkg = Files.readString(store.resolve("package.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> lock = new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                .unmarshal(Files.readString(store.resolve("package-lock.json")), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> packages = (Map<String, Map<String, Object>>) lock.get("packages");
        for (String dep : List.of("@medusajs/medusa", "@medusajs/framework", "@medusajs/cli")) {
            assertTrue(pkg.contains("\"" + dep + "\": \"" + appVersion + "\""), dep + " not pinned to " + appVersion);
            assertEquals(appVersion, packages.get("node_modules/" + dep).get("version"), "lockfile: " + dep);
        }
        assertEquals(packages.get("").get("dependencies"), new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                .unmarshal(pkg, Map.class).get("dependencies"), "lockfile made from this package.json");
        String config = Files.readString(store.resolve("medusa-config.js"));
        assertTrue(config.contains("admin: { disable: true }"));
        assertTrue(config.contains("process.env.REDIS_URL"));
        assertTrue(config.contains("@medusajs/medusa/event-bus-redis"));
    }

    @Test
    void thePrebuiltImageIsBuiltFromTheChartsOwnStoreFilesOnTheSameNodeBase() throws Exception {
        String dockerfile = Files.readString(chartDir(CHART).resolve("image/Dockerfile"));
        assertTrue(dockerfile.contains("\nFROM " + NODE_IMAGE + "\n"), "the base is medusa.nodeImage");
        assertTrue(dockerfile.contains("COPY files/store/package.json files/store/package-lock.json ./"));
        assertTrue(dockerfile.contains("COPY files/store/medusa-config.js files/store/create-admin.js ./"));
        assertTrue(dockerfile.contains("npm ci --omit=dev"));
        assertTrue(dockerfile.contains("WORKDIR /app"), "the chart runs image mode in /app");
        assertTrue(dockerfile.contains("USER 1000"));
        assertFalse(Files.exists(chartDir(CHART).resolve("image/package.json")), "one copy of the store files");
    }
}
