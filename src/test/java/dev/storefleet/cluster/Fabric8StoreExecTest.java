package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.port.StoreExec.ExecProgress;
import dev.storefleet.service.port.StoreExec.ExecTarget;
import dev.storefleet.testcluster.ExecRelay;
import dev.storefleet.testcluster.ExecTestCluster;
import dev.storefleet.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Fabric8StoreExec} against a real exec WebSocket ({@link ExecTestCluster}: fabric8's mock
 * server answering the pod list and relaying each pod's {@code exec} stream to a local process
 * standing in for the container's command), 50 MB each way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Fabric8StoreExecTest {
    private static final String NS = "store-exec";
    private static final long SIZE = 50L * 1024 * 1024;
    private static final ExecTarget DB = new ExecTarget("database", "db");
    private static final Path DIR = Path.of("target/store-exec-test");

    private ExecTestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fiftyMegabytesOfStdinReachTheCommandWhole() throws Exception {
        Fabric8StoreExec exec = runningDatabase(argv -> argv);
        RandomBytes input = new RandomBytes(SIZE, 17);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Progress progress = new Progress();

        exec.run(store(), DB, List.of("sha256sum"), input, out, progress, () -> false);

        assertEquals(input.hex() + "  -", out.toString(StandardCharsets.US_ASCII).strip(),
                "sha256sum in the 'container' saw the same bytes");
        assertEquals(SIZE, progress.sent.get());
        assertEquals(out.size(), progress.received.get());
        ExecRelay relay = cluster.relays().get(0);
        assertTrue(relay.offeredProtocols().contains("v5.channel.k8s.io"), relay.offeredProtocols());
        assertEquals("/api/v1/namespaces/" + NS + "/pods/store-exec-db-0/exec?command=sha256sum&container=db"
                + "&stdin=true&stdout=true&stderr=true", cluster.execPaths().get(0));
    }

    @Test
    void inputWaitsForACommandThatReadsLateInsteadOfLosingMessages() throws Exception {
        // The relay stops reading the socket once its queue to the process is full, so the client's
        // sends stay pending for seconds: a send made while another is pending must not be dropped.
        Fabric8StoreExec exec = runningDatabase(argv -> List.of("sh", "-c", "sleep 3; exec sha256sum"));
        cluster.inputQueue(64);
        RandomBytes input = new RandomBytes(SIZE / 5, 29);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Progress progress = new Progress();

        exec.run(store(), DB, List.of("sha256sum"), input, out, progress, () -> false);

        assertEquals(input.hex() + "  -", out.toString(StandardCharsets.US_ASCII).strip());
        assertEquals(SIZE / 5, progress.sent.get());
    }

    @Test
    void fiftyMegabytesOfStdoutComeOutWhole() throws Exception {
        Files.createDirectories(DIR);
        Path dump = DIR.resolve("dump.bin");
        String written;
        try (DigestOutputStream file = new DigestOutputStream(Files.newOutputStream(dump), sha256())) {
            new RandomBytes(SIZE, 23).transferTo(file);
            written = HexFormat.of().formatHex(file.getMessageDigest().digest());
        }
        Fabric8StoreExec exec = runningDatabase(argv -> argv.get(0).equals("mysqldump")
                ? List.of("cat", dump.toString()) : argv);
        DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256());
        Progress progress = new Progress();

        exec.run(store(), DB, List.of("mysqldump", "--single-transaction", "shop"), null, out, progress, () -> false);

        assertEquals(written, HexFormat.of().formatHex(out.getMessageDigest().digest()));
        assertEquals(SIZE, progress.received.get());
        assertEquals(0, progress.sent.get());
        assertEquals(List.of("mysqldump", "--single-transaction", "shop"), cluster.relays().get(0).argv());
        assertTrue(cluster.execPaths().get(0).contains("&stdin=false&"), cluster.execPaths().get(0));
        Files.delete(dump);
    }

    @Test
    void aNonZeroExitSaysTheStatusAndTheEndOfStandardError() throws Exception {
        Fabric8StoreExec exec = runningDatabase(argv -> argv);
        String script = "head -c 20000 /dev/zero | tr '\\0' x >&2; echo >&2; echo 'ERROR 1045: Access denied' >&2;"
                + " exit 3";

        ClusterException e = assertThrows(ClusterException.class, () -> exec.run(store(), DB,
                List.of("sh", "-c", script), null, OutputStream.nullOutputStream(), ExecProgress.NONE, () -> false));

        assertTrue(e.getMessage().startsWith("running sh in container db of store 'Exec' (namespace " + NS + "): the"
                + " command exited with status 3; its standard error ends with: ..."), e.getMessage());
        assertTrue(e.getMessage().contains("ERROR 1045: Access denied"), e.getMessage());
        assertTrue(e.getMessage().length() < 4096 + 300, "only the tail: " + e.getMessage().length() + " chars");
    }

    @Test
    void aCommandThatCannotStartIsSaidInTheApiServersWords() throws Exception {
        Fabric8StoreExec exec = runningDatabase(argv -> argv);

        ClusterException e = assertThrows(ClusterException.class, () -> exec.run(store(), DB,
                List.of("no-such-command-here"), null, OutputStream.nullOutputStream(), ExecProgress.NONE, () -> false));

        assertTrue(e.getMessage().contains("the command failed: Cannot run program 'no-such-command-here'"),
                e.getMessage());
    }

    @Test
    void cancellingMidStreamClosesItAndTheCommandEnds() throws Exception {
        Fabric8StoreExec exec = runningDatabase(argv -> argv);
        Progress progress = new Progress();
        long enough = 5L * 1024 * 1024;

        assertThrows(CancellationException.class, () -> exec.run(store(), DB, List.of("cat"),
                new RandomBytes(Long.MAX_VALUE, 5), OutputStream.nullOutputStream(), progress,
                () -> progress.received.get() > enough));

        assertTrue(progress.received.get() > enough && progress.sent.get() > enough, progress.toString());
        Process command = cluster.relays().get(0).process();
        Eventually.until(command::isAlive, alive -> !alive, Duration.ofSeconds(10));
        assertFalse(command.isAlive(), "the stand-in command was killed when the stream closed");
        assertTrue(ProcessHandle.of(command.pid()).map(ProcessHandle::isAlive).orElse(false) == false);
    }

    @Test
    void aPlainAnswerInsteadOfTheUpgradeIsSaidAsAProxyInTheWay() throws Exception {
        Fabric8StoreExec exec = runningDatabase(argv -> argv);
        cluster.withoutUpgrades();

        ClusterException e = assertThrows(ClusterException.class, () -> exec.run(store(), DB, List.of("true"), null,
                OutputStream.nullOutputStream(), ExecProgress.NONE, () -> false));

        assertEquals("running true in container db of store 'Exec' (namespace " + NS + "): the API server answered"
                + " HTTP 200 instead of opening the exec stream (a WebSocket); a proxy or load balancer between this"
                + " console and the cluster may not pass WebSocket upgrades. Connect to the API server directly, or"
                + " allow upgrades on the way, then retry.", e.getMessage());
    }

    @Test
    void noRunningPodIsSaidInWordsAndNoExecIsTried() throws Exception {
        cluster = new ExecTestCluster(NS, argv -> argv, DIR).pod("store-exec-db-0", NS, "database", "Pending")
                .pod("store-exec-web-1", NS, "server", "Running");
        Fabric8StoreExec exec = new Fabric8StoreExec(cluster.connection());

        ClusterException e = assertThrows(ClusterException.class, () -> exec.run(store(), DB, List.of("true"), null,
                OutputStream.nullOutputStream(), ExecProgress.NONE, () -> false));

        assertEquals("running true in container db of store 'Exec' (namespace " + NS + "): no pod of release " + NS
                + " with component 'database' is running (there is store-exec-db-0 Pending), so the store's database"
                + " is down; wait until the store is ready, or see its Kubernetes events.", e.getMessage());
        assertEquals(List.of(), cluster.execPaths());
    }

    private Fabric8StoreExec runningDatabase(java.util.function.Function<List<String>, List<String>> toLocal)
            throws IOException {
        cluster = new ExecTestCluster(NS, toLocal, DIR).pod("store-exec-db-0", NS, "database", "Running")
                .pod("store-exec-web-1", NS, "server", "Running").pod("other-db-0", "other", "database", "Running");
        return new Fabric8StoreExec(cluster.connection());
    }

    private static Store store() {
        return new Store(1L, "Exec", "exec", StoreType.WOOCOMMERCE, "tester", null, StoreStatus.READY, NS, NS, 1,
                null, null, Instant.now(), Instant.now(), null, null, null, null);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The newest counts the adapter reported. */
    static final class Progress implements ExecProgress {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();

        @Override
        public void bytes(long sentSoFar, long receivedSoFar) {
            sent.accumulateAndGet(sentSoFar, Math::max);
            received.accumulateAndGet(receivedSoFar, Math::max);
        }

        @Override
        public String toString() {
            return "sent " + sent + ", received " + received;
        }
    }

    /** {@code size} seeded random bytes, made as read (nothing held), and their SHA-256. */
    static final class RandomBytes extends InputStream {
        private final Random random;
        private final MessageDigest digest = sha256();
        private long left;

        RandomBytes(long size, long seed) {
            this.left = size;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            digest.update(chunk);
            left -= n;
            return n;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
