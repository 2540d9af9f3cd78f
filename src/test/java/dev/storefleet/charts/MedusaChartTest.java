package dev.storefleet.charts;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.storefleet.charts.ChartFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** What is particular to the Medusa chart and its image. */
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

    @Test
    void migrationsRunBeforeTheServerStarts() {
        PodSpec spec = one(rendered(), Deployment.class, "-server").getSpec().getTemplate().getSpec();
        Container migrate = spec.getInitContainers().get(0);
        assertEquals(List.of("npx", "--no-install", "medusa", "db:migrate"), migrate.getCommand());
        assertEquals(spec.getContainers().get(0).getImage(), migrate.getImage());
        assertEquals("/health", spec.getContainers().get(0).getReadinessProbe().getHttpGet().getPath());
        assertEquals("/health", spec.getContainers().get(0).getLivenessProbe().getHttpGet().getPath());
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
        assertTrue(script.contains("execFileSync('npx', ['--no-install', 'medusa', 'user', '-e', email, '-p', password]"),
                "admin user must be created without a shell");
    }

    @Test
    void imageIsAPinnedMinimalMedusaStoreMatchingTheChart() throws Exception {
        Path image = chartDir(CHART).resolve("image");
        String appVersion = Files.readAllLines(chartDir(CHART).resolve("Chart.yaml")).stream()
                .filter(l -> l.startsWith("appVersion:")).findFirst().orElseThrow()
                .replaceAll("appVersion:\\s*\"?([^\"]+)\"?", "$1").trim();
        String pkg = Files.readString(image.resolve("package.json"));
        for (String dep : List.of("@medusajs/medusa", "@medusajs/framework", "@medusajs/cli")) {
            assertTrue(pkg.contains("\"" + dep + "\": \"" + appVersion + "\""), dep + " not pinned to " + appVersion);
        }
        String dockerfile = Files.readString(image.resolve("Dockerfile"));
        assertTrue(dockerfile.matches("(?s).*FROM docker\\.io/library/node:\\d+\\.\\d+\\.\\d+-\\S+\\n.*"), "node base not pinned");
        assertTrue(dockerfile.contains("USER 1000"));
        String config = Files.readString(image.resolve("medusa-config.js"));
        assertTrue(config.contains("admin: { disable: true }"));
        assertTrue(config.contains("process.env.REDIS_URL"));
        assertTrue(config.contains("@medusajs/medusa/event-bus-redis"));
        String tag = one(rendered(), Deployment.class, "-server").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage();
        assertTrue(tag.endsWith(":" + appVersion + "-1"), tag);
    }
}
