package dev.storefleet.charts;

import static dev.storefleet.charts.ChartFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Medusa server pod's install step, as Helm renders it (the chart's files/install.sh in the
 * {@code install} init container), run with real npm on store files whose one dependency is a
 * local tarball, so npm ci needs no network and takes a second: once per lockfile, a switch to a
 * changed lockfile, a failed install that leaves the running release alone, and the leftovers of
 * a killed one.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MedusaInstallScriptTest {
    @TempDir
    Path dir;
    private Path store;
    private Path app;
    private String script;

    @BeforeEach
    void renderTheInstallContainer() throws Exception {
        assertTrue(onPath("npm") && onPath("flock") && onPath("sha256sum"),
                "this test runs the chart's install script with npm, flock and sha256sum: install nodejs, npm, util-linux");
        Container install = one(StoreChartContractTest.withJob("medusa"), Deployment.class, "-server").getSpec()
                .getTemplate().getSpec().getInitContainers().get(0);
        assertEquals(List.of("sh", "-c"), install.getCommand());
        script = install.getArgs().get(0);
        store = Files.createDirectories(dir.resolve("store"));
        app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(store.resolve("medusa-config.js"), "module.exports = {}\n");
        Files.writeString(store.resolve("create-admin.js"), "exports.default = async () => {}\n");
        storeFiles("1.0.0");
    }

    @Test
    void installsOnceThenSkipsNpmForTheSameLockfile() throws Exception {
        String first = run(0);
        String sha = sha256(store.resolve("package-lock.json"));
        assertTrue(first.contains("npm ci of lockfile sha256 " + sha), first);
        Path release = app.resolve("releases").resolve(sha);
        assertEquals(release.toRealPath(), app.resolve("current").toRealPath());
        assertEquals(sha + "\n", Files.readString(release.resolve(".lockfile-sha256")), "the marker holds the hash");
        assertTrue(Files.isRegularFile(release.resolve("node_modules/dep/package.json")), "npm ci ran there");
        assertEquals("module.exports = {}\n", Files.readString(app.resolve("current/medusa-config.js")));
        Files.writeString(release.resolve("node_modules/left-by-the-first-install"), "");

        Files.writeString(store.resolve("medusa-config.js"), "module.exports = { changed: true }\n");
        String second = run(0);
        assertTrue(second.contains("already installed; npm ci skipped"), second);
        assertTrue(Files.exists(release.resolve("node_modules/left-by-the-first-install")), "node_modules untouched");
        assertEquals("module.exports = { changed: true }\n", Files.readString(app.resolve("current/medusa-config.js")),
                "the configuration follows the chart even when the lockfile does not change");
    }

    @Test
    void aChangedLockfileInstallsAfreshSwitchesAndDropsTheOldRelease() throws Exception {
        run(0);
        Path old = app.resolve("current").toRealPath();
        storeFiles("1.0.1");
        String log = run(0);
        Path now = app.resolve("current").toRealPath();
        assertNotEquals(old, now);
        assertEquals(app.resolve("releases").resolve(sha256(store.resolve("package-lock.json"))).toRealPath(), now);
        assertTrue(log.contains("removing " + app.resolve("releases").resolve(old.getFileName())), log);
        assertFalse(Files.exists(old));
        assertTrue(Files.isSymbolicLink(app.resolve("current")), "current is a symlink switched by a rename");
    }

    @Test
    void aFailedInstallLeavesTheCurrentReleaseInUseAndTheNextStartRecovers() throws Exception {
        run(0);
        Path working = app.resolve("current").toRealPath();
        // npm ci fails half-way: the lockfile's tarball is gone when npm comes to unpack it
        storeFiles("1.0.9");
        Files.delete(dir.resolve("dep-1.0.9.tgz"));
        String log = run(1);
        assertTrue(log.contains("npm ci of lockfile") && !log.contains("installed in"), "npm itself failed: " + log);
        assertFalse(log.contains("ready:"), log);
        assertEquals(working, app.resolve("current").toRealPath(), "the release in use is untouched");
        assertTrue(Files.isRegularFile(working.resolve("node_modules/dep/package.json")));

        storeFiles("1.0.2");
        run(0);
        try (var leftovers = Files.list(app)) {
            assertEquals(List.of(), leftovers.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".installing-"))
                    .toList(), "the failed install's directory is gone");
        }
    }

    @Test
    void whatAKilledInstallLeftIsNeverUsedAndIsCleanedUp() throws Exception {
        run(0);
        Path working = app.resolve("current").toRealPath();
        // a kill in the middle of npm ci: a half-filled directory, and a half-made switch
        Path half = Files.createDirectories(app.resolve(".installing-k1ll3d/node_modules/half"));
        Files.createSymbolicLink(app.resolve(".current.new"), Path.of("releases/nothing"));
        storeFiles("1.0.3");
        String sha = sha256(store.resolve("package-lock.json"));
        Files.createDirectories(app.resolve("releases").resolve(sha).resolve("node_modules")); // renamed, no marker

        run(0);
        assertFalse(Files.exists(half), "the killed install's directory is removed");
        Path now = app.resolve("current").toRealPath();
        assertEquals(app.resolve("releases").resolve(sha).toRealPath(), now);
        assertEquals(sha + "\n", Files.readString(now.resolve(".lockfile-sha256")), "installed again, not trusted");
        assertFalse(Files.exists(working));
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** A store depending on a local tarball of package "dep" at {@code version}, its lockfile made by npm. */
    private void storeFiles(String version) throws Exception {
        Path dep = Files.createDirectories(dir.resolve("dep-src-" + version));
        Files.writeString(dep.resolve("package.json"), "{\"name\":\"dep\",\"version\":\"" + version + "\"}\n");
        npm(dep, "pack", "--pack-destination", dir.toString());
        Path tarball = dir.resolve("dep-" + version + ".tgz");
        assertTrue(Files.isRegularFile(tarball), "npm pack made " + tarball);
        Files.deleteIfExists(store.resolve("package-lock.json"));
        Files.writeString(store.resolve("package.json"), "{\"name\":\"store\",\"version\":\"1.0.0\","
                + "\"dependencies\":{\"dep\":\"file:" + tarball + "\"}}\n");
        npm(store, "install", "--package-lock-only", "--offline", "--no-audit", "--no-fund");
        assertTrue(Files.readString(store.resolve("package-lock.json")).contains("\"version\": \"" + version + "\""));
    }

    private void npm(Path in, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("npm"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        pb.environment().put("NPM_CONFIG_UPDATE_NOTIFIER", "false");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, () -> command + " failed:\n" + out);
    }

    /** The rendered script, with the directories the pod would have given it as environment. */
    private String run(int expectedExit) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("NPM_CONFIG_CACHE", home.resolve(".npm").toString());
        pb.environment().put("NPM_CONFIG_UPDATE_NOTIFIER", "false");
        pb.environment().put("NPM_CONFIG_OFFLINE", "true");
        pb.environment().put("STORE_FILES", store.toString());
        pb.environment().put("APP_DIR", app.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(expectedExit == 0, p.exitValue() == 0, () -> "exit " + p.exitValue() + ":\n" + out);
        return out;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
