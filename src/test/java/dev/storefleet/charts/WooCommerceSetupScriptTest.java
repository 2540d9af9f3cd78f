package dev.storefleet.charts;

import static dev.storefleet.charts.ChartFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The WooCommerce setup script as the chart renders it, run by {@code /bin/sh} with the setup
 * container's environment (secrets resolved from the rendered auth Secret) on a PATH that holds
 * nothing but recording stand-ins: every command the script starts ({@code wp}, {@code php},
 * {@code date}, {@code sleep}) logs its argv, what {@code ps} or {@code /proc/<pid>/cmdline} would
 * show in the pod. A command without a stand-in is not found and fails the script, so none goes
 * unrecorded. The {@code wp} stand-in plays a fresh WordPress (not installed yet) and does what
 * WP-CLI 2.12 does with {@code --prompt=<args>}: reads each named value as one line from standard
 * input, then repeats the command with those values on standard output.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WooCommerceSetupScriptTest {
    /** Shell-special characters, quotes and a non-ASCII one: still one line, as the schema requires. */
    private static final String ADMIN_PASSWORD = "Adm1n pa$$ 'w\"o`rd\\ $(id) ☕";

    private static final String RECORDER = """
            #!/bin/sh
            # Logs its name and argv (one a line, then ----) and plays the command it stands in for.
            name=${0##*/}
            printf '%s\\n' "$name" "$@" ---- >>"$CALLS_LOG"
            case "$name" in
              date) echo 12:00:00 ;;
              sleep|php) ;;
              wp)
                shift # --path=/var/www/html
                case "$*" in
                  "core is-installed"|"plugin is-installed woocommerce"|"plugin is-active woocommerce") exit 1 ;;
                esac
                command="$*"
                for arg in "$@"; do
                  case "$arg" in
                    --prompt=*)
                      IFS=,
                      for field in ${arg#--prompt=}; do
                        IFS= read -r value || true
                        printf '%s=%s\\n' "$field" "$value" >>"$PROMPTED_LOG"
                        echo "wp $command --$field=$value" # WP-CLI 2.12's echo of the prompted command
                      done
                      unset IFS ;;
                  esac
                done ;;
            esac
            """;

    @Test
    void noSecretAppearsInTheArgvOfAnyCommandOrInTheJobLogAndTheAdminPasswordStillArrives() throws Exception {
        List<HasMetadata> objects = parse(template("woocommerce", RELEASE, merge(merge(consoleValues(),
                values("setup.helmHook", false)), values("auth.adminPassword", ADMIN_PASSWORD))));
        String script = one(objects, ConfigMap.class, "-setup").getData().get("setup.sh");
        Container setup = ofKind(objects, Job.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> secretData = one(objects, Secret.class, "-auth").getData();

        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>(); // env name -> value, for those read from the Secret
        for (EnvVar e : setup.getEnv()) {
            if (e.getValueFrom() != null) {
                String value = new String(Base64.getDecoder().decode(
                        secretData.get(e.getValueFrom().getSecretKeyRef().getKey())), StandardCharsets.UTF_8);
                env.put(e.getName(), value);
                secrets.put(e.getName(), value);
            } else {
                env.put(e.getName(), e.getValue());
            }
        }
        assertEquals(ADMIN_PASSWORD, secrets.get("WP_ADMIN_PASSWORD"));
        assertTrue(secrets.containsKey("WORDPRESS_DB_PASSWORD"), secrets.keySet().toString());

        Path dir = Files.createTempDirectory(Path.of("target"), "woocommerce-setup-");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path recorder = Files.writeString(bin.resolve("recorder"), RECORDER);
        Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String command : List.of("wp", "php", "date", "sleep")) {
            Files.createSymbolicLink(bin.resolve(command), recorder.getFileName());
        }
        Path scriptFile = Files.writeString(dir.resolve("setup.sh"), script);
        Path calls = dir.resolve("calls.log");
        Path prompted = dir.resolve("prompted.log");
        Path output = dir.resolve("job.log");

        ProcessBuilder pb = new ProcessBuilder("/bin/sh", scriptFile.toString()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PATH", bin.toAbsolutePath().toString());
        pb.environment().put("CALLS_LOG", calls.toAbsolutePath().toString());
        pb.environment().put("PROMPTED_LOG", prompted.toAbsolutePath().toString());
        Process sh = pb.start();
        assertTrue(sh.waitFor(60, TimeUnit.SECONDS), "setup.sh did not finish");
        String jobLog = Files.readString(output);
        assertEquals(0, sh.exitValue(), "setup.sh failed:\n" + jobLog);

        String argv = Files.readString(calls);
        assertTrue(argv.contains("wp\n--path=/var/www/html\ncore\ninstall\n"), "WordPress was installed:\n" + argv);
        assertTrue(argv.contains("wp\n--path=/var/www/html\neval-file\n/scripts/publish-api-keys.php\n"), argv);
        assertTrue(argv.contains("wp\n--path=/var/www/html\neval-file\n/scripts/align-admin-password.php\n"),
                "the admin's password follows the Secret on every run (a restored clone holds its source's):\n" + argv);
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertFalse(argv.contains(secret.getValue()), secret.getKey() + "'s value is on a command line:\n" + argv);
            assertFalse(jobLog.contains(secret.getValue()), secret.getKey() + "'s value is in the Job's log:\n" + jobLog);
        }
        assertEquals("admin_password=" + ADMIN_PASSWORD + "\n", Files.readString(prompted),
                "the admin password reaches WP-CLI whole, on standard input");
    }
}
