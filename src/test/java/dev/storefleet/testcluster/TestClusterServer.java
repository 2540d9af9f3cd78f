package dev.storefleet.testcluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The test Kubernetes API as a process of its own, for looking at the real console (screenshot
 * script, start-up benchmark, manual tries): writes a kubeconfig for it and serves until stdin
 * closes. Usage:
 * <pre>
 * TestClusterServer &lt;kubeconfig-dir&gt; [ready-after-seconds] [--fail-deployments N] [--crash-loop POD-REGEX CONTAINER] [--never-ready KIND=NAME-REGEX]...
 *                   [--woocommerce-stand-in]
 * </pre>
 * {@code --crash-loop POD-REGEX CONTAINER}: that container of matching pods crashes in a loop, printing
 * a MariaDB start-up failure. {@code --fail-deployments N}: the next N Deployment creations are refused (500), so the stores
 * they belong to end FAILED; {@code --never-ready Deployment=store-x-.*}: those workloads never
 * become ready, so their store stays provisioning; {@code --woocommerce-stand-in}: WooCommerce
 * stores answer orders through {@link StandInWooCommerceStores} (for looking at the orders panel).
 * While it serves, a line {@code crash-loop <pod-regex> <container>} on stdin makes that container
 * crash in a loop from now on, printing a database error first (for looking at the Pods tab); a line
 * {@code job-fails <job-regex> <log line>} makes matching Jobs fail from now on with that log (an upgrade
 * whose setup hook fails: the screenshot script's rollout halted in wave 2).
 */
public final class TestClusterServer {
    /** What a WordPress container prints when its database is gone. */
    static final java.util.List<String> CRASH_LOG = java.util.List.of(
            "[core:notice] AH00094: Command line: 'apache2 -D FOREGROUND'",
            "PHP Warning:  mysqli_real_connect(): (HY000/2002): Connection refused in /var/www/html/wp-includes/class-wpdb.php on line 1988",
            "PHP Fatal error:  Uncaught Exception: Error establishing a database connection in /var/www/html/wp-includes/functions.php:5481",
            "Stack trace:",
            "#0 /var/www/html/wp-includes/load.php(664): dead_db()",
            "#1 /var/www/html/wp-settings.php(131): require_wp_db()",
            "#2 {main}",
            "  thrown in /var/www/html/wp-includes/functions.php on line 5481");

    /** What a MariaDB container prints when it cannot start (for a store that fails provisioning). */
    static final java.util.List<String> DATABASE_CRASH_LOG = java.util.List.of(
            "2026-12-02 10:00:01 0 [Note] Starting MariaDB 11.4.8-MariaDB-ubu2404 source revision as process 1",
            "2026-12-02 10:00:01 0 [Note] InnoDB: Initializing buffer pool, total size = 8.000GiB, chunk size = 128.000MiB",
            "2026-12-02 10:00:01 0 [ERROR] InnoDB: Cannot allocate memory for the buffer pool",
            "2026-12-02 10:00:01 0 [ERROR] InnoDB: Plugin initialization aborted with error Generic error",
            "2026-12-02 10:00:01 0 [ERROR] Unknown/unsupported storage engine: InnoDB",
            "2026-12-02 10:00:01 0 [ERROR] Aborting");

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
                    case "--crash-loop" -> api.crashLoop(args[++i], args[++i], DATABASE_CRASH_LOG);
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
            var commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8));
            for (String line; (line = commands.readLine()) != null; ) { // serve until the parent closes stdin
                String[] words = line.strip().split("\\s+");
                if (words.length == 3 && words[0].equals("crash-loop")) {
                    api.crashLoop(words[1], words[2], CRASH_LOG);
                } else if (words.length >= 3 && words[0].equals("job-fails")) {
                    // job-fails <job name regex> <log line…>: the release's setup Job fails from now on (an upgrade's hook)
                    api.jobFails(words[1], java.util.List.of(line.strip().split("\\s+", 3)[2]));
                }
            }
        } finally {
            if (standIn != null) {
                standIn.close();
            }
        }
    }
}
