package dev.storefleet.testcluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The test Kubernetes API as a process of its own, for looking at the real console (screenshot
 * script, manual tries): writes a kubeconfig for it and serves until stdin closes.
 * Usage: {@code TestClusterServer <kubeconfig-dir> [ready-after-seconds]}.
 */
public final class TestClusterServer {
    private TestClusterServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            if (args.length > 1) {
                api.readyAfter(Duration.ofSeconds(Long.parseLong(args[1])));
            }
            Path kubeconfig = api.kubeconfigFile(dir);
            System.out.println("KUBECONFIG " + kubeconfig);
            System.out.flush();
            while (System.in.read() != -1) {
                // serve until the parent closes stdin
            }
        }
    }
}
