package dev.storefleet.charts;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static dev.storefleet.charts.ChartFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** What is particular to the WooCommerce chart. */
class WooCommerceChartTest {

    private static final String CHART = "woocommerce";

    private static List<HasMetadata> rendered() {
        return StoreChartContractTest.withJob(CHART);
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name));
    }

    @Test
    void wordpressKeepsWpContentOnItsClaimAndRunsAsWwwData() {
        Deployment wp = one(rendered(), Deployment.class, "-wordpress");
        PodSpec spec = wp.getSpec().getTemplate().getSpec();
        assertEquals("Recreate", wp.getSpec().getStrategy().getType(), "RWO volume: no overlap of old and new pod");
        assertEquals(33L, spec.getSecurityContext().getRunAsUser());
        assertTrue(spec.getSecurityContext().getSysctls().stream()
                .anyMatch(s -> s.getName().equals("net.ipv4.ip_unprivileged_port_start") && s.getValue().equals("0")));
        String claim = spec.getVolumes().stream().filter(v -> v.getName().equals("wp-content")).findFirst()
                .orElseThrow().getPersistentVolumeClaim().getClaimName();
        assertEquals(wp.getMetadata().getName(), claim);
        assertTrue(spec.getContainers().get(0).getVolumeMounts().stream()
                .anyMatch(m -> m.getName().equals("wp-content") && m.getMountPath().equals("/var/www/html/wp-content")));
        assertEquals("keep", one(rendered(), io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class, "-wordpress")
                .getMetadata().getAnnotations().get("helm.sh/resource-policy"));
    }

    @Test
    void passwordsComeFromTheAuthSecretNeverFromPlainValues() {
        for (Container c : allContainers(rendered()).values()) {
            for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                if (e.getName().matches(".*(PASSWORD|_KEY|_SALT)$")) {
                    assertNull(e.getValue(), c.getName() + " " + e.getName() + " has a literal value");
                    assertTrue(e.getValueFrom().getSecretKeyRef().getName().endsWith("-auth"), e.getName());
                }
            }
        }
    }

    @Test
    void setupJobInstallsThePinnedWooCommerceNextToWordPress() throws Exception {
        Job job = ofKind(rendered(), Job.class).get(0);
        PodSpec spec = job.getSpec().getTemplate().getSpec();
        Container setup = spec.getContainers().get(0);
        assertTrue(env(setup, "WC_VERSION").getValue().matches("\\d+\\.\\d+\\.\\d+"), "WooCommerce version not pinned");
        assertEquals("https://" + HOST, env(setup, "WP_URL").getValue());
        assertEquals("wordpress-core", spec.getInitContainers().get(0).getName());
        assertEquals(one(rendered(), Deployment.class, "-wordpress").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage(), spec.getInitContainers().get(0).getImage(),
                "the Job's WordPress core must be the version WordPress runs");
        assertEquals("wordpress", spec.getAffinity().getPodAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().get(0).getLabelSelector().getMatchLabels()
                .get("app.kubernetes.io/component"), "the RWO wp-content volume must be reachable");

        String script = Files.readString(chartDir(CHART).resolve("files/setup.sh"));
        for (String step : List.of("core install", "plugin install woocommerce --version=\"$WC_VERSION\"",
                "tool run install_pages", "payment_gateway update cod --enabled=true", "woocommerce_coming_soon no",
                "sample-products.php", "publish-api-keys.php",
                "align-admin-password.php")) {
            assertTrue(script.contains(step), "setup.sh lacks: " + step);
        }
        String keys = Files.readString(chartDir(CHART).resolve("files/publish-api-keys.php"));
        for (String key : List.of("'url'", "'consumerKey'", "'consumerSecret'", "'read_write'")) {
            assertTrue(keys.contains(key), "publish-api-keys.php lacks " + key);
        }
    }
}
