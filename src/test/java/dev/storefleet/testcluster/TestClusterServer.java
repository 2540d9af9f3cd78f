package dev.storefleet.testcluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The test Kubernetes API as a process of its own, for looking at the real console (screenshot
 * script, start-up benchmark, manual tries): writes a kubeconfig for it and serves until stdin
 * closes. Usage:
 * <pre>
 * TestClusterServer &lt;kubeconfig-dir&gt; [ready-after-seconds] [--fail-deployments N] [--never-ready KIND=NAME-REGEX]...
 *                   [--woocommerce-stand-in]
 * </pre>
 * {@code --fail-deployments N}: the next N Deployment creations are refused (500), so the stores
 * they belong to end FAILED; {@code --never-ready Deployment=store-x-.*}: those workloads never
 * become ready, so their store stays provisioning; {@code --woocommerce-stand-in}: WooCommerce
 * stores answer orders through {@link StandInWooCommerceStores} (for looking at the orders panel).
 */
public final class TestClusterServer {
    private TestClusterServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        StandInWooCommerceStores standIn = null;
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--woocommerce-stand-in" -> standIn = new StandInWooCommerceStores(api);
                    case "--fail-deployments" -> api.failNext("POST", "/deployments$", 500, Integer.parseInt(args[++i]));
                    case "--never-ready" -> {
                        String[] rule = args[++i].split("=", 2);
                        api.neverReady(rule[0], rule[1]);
                    }
                    default -> api.readyAfter(Duration.ofSeconds(Long.parseLong(args[i])));
                }
            }
            Path kubeconfig = api.kubeconfigFile(dir);
            System.out.println("KUBECONFIG " + kubeconfig);
            System.out.flush();
            while (System.in.read() != -1) {
                // serve until the parent closes stdin
            }
        } finally {
            if (standIn != null) {
                standIn.close();
            }
        }
    }
}
