package dev.storefleet.store;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * WooCommerce's official JavaScript REST client ({@code @woocommerce/woocommerce-rest-api}, pinned
 * by src/test/woocommerce/package-lock.json, installed by {@link NodeTestProject}) driven through
 * src/test/woocommerce/sign.js: signatures it computes for given requests, and real requests it
 * makes. One Node process per batch.
 */
final class WooCommerceReference {
    private final NodeTestProject project;
    private final Path script;

    WooCommerceReference() throws Exception {
        project = new NodeTestProject("woocommerce");
        project.install("@woocommerce/woocommerce-rest-api", Duration.ofMinutes(5));
        script = project.copyIn("sign.js");
    }

    /** What the library answers for each request, in order (see sign.js for the fields). */
    List<JsonNode> ask(List<ObjectNode> requests, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", script.getFileName().toString()).directory(project.dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process node = pb.start();
        try {
            try (OutputStream in = node.getOutputStream()) {
                for (ObjectNode r : requests) {
                    in.write((r.toString() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new AssertionError("node sign.js failed (" + (node.isAlive() ? "still running" : node.exitValue())
                        + "): " + out);
            }
            List<JsonNode> answers = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    answers.add(StoreHttp.JSON.readTree(line));
                }
            }
            if (answers.size() != requests.size()) {
                throw new AssertionError("sign.js answered " + answers.size() + " lines for " + requests.size() + ": " + out);
            }
            return answers;
        } finally {
            node.destroyForcibly();
        }
    }
}
