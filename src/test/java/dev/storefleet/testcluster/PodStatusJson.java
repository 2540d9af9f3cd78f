package dev.storefleet.testcluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.storefleet.testcluster.SimulatedPod.Container;
import dev.storefleet.testcluster.SimulatedPod.Terminated;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link SimulatedPod} as the {@code status} a kubelet writes: phase, conditions,
 * IPs, start time, QoS class, and a status per (init) container with state and last state. Also
 * the image names as containerd reports them ({@code nginx:1.27} is
 * {@code docker.io/library/nginx:1.27}).
 */
final class PodStatusJson {

    static final String HOST_IP = "10.0.0.10";

    private PodStatusJson() {
    }

    static ObjectNode render(SimulatedPod p, String qosClass) {
        ObjectNode status = Json.object().put("phase", p.phase());
        ArrayNode conditions = status.putArray("conditions");
        for (Map.Entry<String, SimulatedPod.Condition> e : p.conditions.entrySet()) {
            SimulatedPod.Condition c = e.getValue();
            ObjectNode n = conditions.addObject().put("type", e.getKey()).put("status", c.status());
            n.putNull("lastProbeTime");
            n.put("lastTransitionTime", c.since().toString());
            if (c.reason() != null) {
                n.put("reason", c.reason());
            }
            if (c.message() != null) {
                n.put("message", c.message());
            }
        }
        if (p.scheduled) {
            status.put("hostIP", HOST_IP);
            status.putArray("hostIPs").addObject().put("ip", HOST_IP);
            if (p.podIp != null) {
                status.put("podIP", p.podIp);
                status.putArray("podIPs").addObject().put("ip", p.podIp);
            }
            if (p.startTime != null) {
                status.put("startTime", p.startTime.toString());
            }
        }
        status.put("qosClass", qosClass);
        if (p.scheduled) {
            if (!p.initContainers.isEmpty()) {
                containers(status.putArray("initContainerStatuses"), p.initContainers);
            }
            containers(status.putArray("containerStatuses"), p.containers);
        }
        return status;
    }

    private static void containers(ArrayNode out, List<Container> containers) {
        for (Container c : containers) {
            ObjectNode s = out.addObject().put("name", c.name);
            ObjectNode state = s.putObject("state");
            switch (c.life) {
                case WAITING -> {
                    ObjectNode w = state.putObject("waiting").put("reason", c.reason);
                    if (c.message != null) {
                        w.put("message", c.message);
                    }
                }
                case RUNNING -> state.putObject("running").put("startedAt", c.startedAt.toString());
                case TERMINATED -> terminated(state, c.terminated);
            }
            ObjectNode lastState = s.putObject("lastState");
            if (c.last != null) {
                terminated(lastState, c.last);
            }
            s.put("ready", c.ready()).put("restartCount", c.restartCount())
                    .put("image", normalized(c.image)).put("imageID", c.pulled ? imageId(c.image) : "");
            if (c.life != SimulatedPod.Life.WAITING && c.containerId != null) {
                s.put("containerID", c.containerId);
            }
            s.put("started", c.life == SimulatedPod.Life.RUNNING);
        }
    }

    private static void terminated(ObjectNode state, Terminated t) {
        state.putObject("terminated").put("exitCode", t.exitCode()).put("reason", t.reason())
                .put("startedAt", t.startedAt().toString()).put("finishedAt", t.finishedAt().toString())
                .put("containerID", t.containerId());
    }

    /** {@code nginx:1.27} → {@code docker.io/library/nginx:1.27}, as containerd names images. */
    static String normalized(String image) {
        if (image == null || image.isEmpty()) {
            return "";
        }
        String name = image;
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasRegistry = slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (!hasRegistry) {
            name = "docker.io/" + (slash < 0 ? "library/" : "") + name;
        }
        boolean tagged = name.lastIndexOf(':') > name.lastIndexOf('/') || name.contains("@");
        return tagged ? name : name + ":latest";
    }

    /** A stable image ID: the repository and a digest made from the image name. */
    static String imageId(String image) {
        String normalized = normalized(image);
        String repository = normalized.contains("@") ? normalized.substring(0, normalized.indexOf('@'))
                : normalized.substring(0, normalized.lastIndexOf(':'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return repository + "@sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
