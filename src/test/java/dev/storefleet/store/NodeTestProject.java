package dev.storefleet.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Node project the tests run (a {@code package.json} and its {@code package-lock.json} under
 * {@code src/test/<name>}), installed from the npm registry with {@code npm ci} into a cache keyed by
 * the lockfile's hash: {@code $STOREFLEET_TEST_CACHE/<name>-<hash>} (default
 * {@code ~/.cache/storefleet-test}), the npm download cache in {@code .../npm}. A changed lockfile
 * installs afresh; an unchanged one is reused. Node and npm missing: installed with apt-get when
 * running as root, otherwise the test fails saying what to install. Never skipped.
 */
final class NodeTestProject {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTestProject.class);
    private static final String MARKER = ".storefleet-installed";

    final Path source;
    final String hash;
    final Path dir;

    NodeTestProject(String name) throws Exception {
        source = Path.of("src/test", name);
        byte[] lock = Files.readAllBytes(source.resolve("package-lock.json"));
        hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lock)).substring(0, 16);
        dir = cacheRoot().resolve(name + "-" + hash);
    }

    static Path cacheRoot() {
        return Path.of(System.getenv().getOrDefault("STOREFLEET_TEST_CACHE",
                System.getProperty("user.home") + "/.cache/storefleet-test"));
    }

    /** {@code npm ci} unless an earlier run installed this lockfile completely ({@code module} is there). */
    void install(String module, Duration timeout) throws Exception {
        requireTools(List.of());
        if (Files.exists(dir.resolve(MARKER)) && Files.isDirectory(dir.resolve("node_modules").resolve(module))) {
            return;
        }
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json")) {
            Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        LOG.info("npm ci of {} into {} (once per lockfile)", source, dir);
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--cache", cacheRoot().resolve("npm").toString()),
                timeout, dir);
        Files.writeString(dir.resolve(MARKER), "");
    }

    /** Copies a file of the project's source (a script) beside its node_modules, where {@code require} finds them. */
    Path copyIn(String file) throws Exception {
        return Files.copy(source.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Fails (or, as root, installs them with apt-get) when Node, npm or the Debian packages in
     * {@code alsoNeeded} are missing.
     */
    static void requireTools(List<String> alsoNeeded) throws Exception {
        List<String> missing = new ArrayList<>(alsoNeeded);
        if (!onPath("node") || !onPath("npm")) {
            missing.add("nodejs");
            missing.add("npm");
        }
        if (missing.isEmpty()) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("These tests need " + missing + ": install them (apt-get install "
                    + String.join(" ", missing) + ") or run as root so the test installs them.");
        }
        LOG.info("Installing {} with apt-get for the tests", missing);
        List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
        cmd.addAll(missing);
        run(cmd, Duration.ofMinutes(10), null);
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command to its end; fails with its output when it fails or outlives {@code timeout}. */
    static void run(List<String> command, Duration timeout, Path workDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Path out = Files.createTempFile("storefleet-cmd", ".log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout + ":\n" + Files.readString(out));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(command + " failed (" + p.exitValue() + "):\n" + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
