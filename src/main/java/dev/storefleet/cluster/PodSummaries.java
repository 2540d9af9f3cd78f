package dev.storefleet.cluster;

import dev.storefleet.service.port.ContainerSummary;
import dev.storefleet.service.port.PodSummary;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A fabric8 Pod as the console shows it. The reason word follows {@code kubectl get pods}' STATUS
 * column (the pod's own reason, then the first init container not done, then the app containers'
 * waiting or terminated reasons), so an operator sees the same word here as in a terminal.
 */
final class PodSummaries {
    private PodSummaries() {
    }

    static PodSummary of(Pod pod) {
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<ContainerSummary> containers = new ArrayList<>();
        List<Container> initSpecs = pod.getSpec() == null ? List.of() : orEmpty(pod.getSpec().getInitContainers());
        List<Container> appSpecs = pod.getSpec() == null ? List.of() : orEmpty(pod.getSpec().getContainers());
        Map<String, ContainerStatus> initStatuses = byName(status.getInitContainerStatuses());
        Map<String, ContainerStatus> appStatuses = byName(status.getContainerStatuses());
        initSpecs.forEach(c -> containers.add(container(c, initStatuses.get(c.getName()), true)));
        appSpecs.forEach(c -> containers.add(container(c, appStatuses.get(c.getName()), false)));

        String phase = status.getPhase() == null || status.getPhase().isEmpty() ? "Pending" : status.getPhase();
        int ready = (int) appSpecs.stream().map(c -> appStatuses.get(c.getName()))
                .filter(s -> s != null && Boolean.TRUE.equals(s.getReady())).count();
        int restarts = containers.stream().mapToInt(ContainerSummary::restarts).sum();
        String reason = reason(pod, status, initSpecs.size(), phase);
        return new PodSummary(pod.getMetadata().getName(), phase, reason.equals(phase) ? "" : reason,
                message(status, containers), ready, restarts, lastState(status), instant(pod.getMetadata()
                        .getCreationTimestamp()), owner(pod), containers);
    }

    static final Comparator<PodSummary> OLDEST_FIRST = Comparator
            .comparing(PodSummary::created, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PodSummary::name);

    private static ContainerSummary container(Container spec, ContainerStatus status, boolean init) {
        if (status == null) { // the kubelet has not reported it yet
            return new ContainerSummary(spec.getName(), init, nonNull(spec.getImage()), false, 0, "waiting", "", "",
                    "", false);
        }
        ContainerState state = status.getState();
        String stateWord;
        String reason = "";
        String message = "";
        if (state != null && state.getRunning() != null) {
            stateWord = "running";
        } else if (state != null && state.getTerminated() != null) {
            stateWord = "terminated";
            reason = terminatedWords(state.getTerminated());
            message = nonNull(state.getTerminated().getMessage());
        } else {
            stateWord = "waiting";
            if (state != null && state.getWaiting() != null) {
                reason = nonNull(state.getWaiting().getReason());
                message = nonNull(state.getWaiting().getMessage());
            }
        }
        ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
        return new ContainerSummary(spec.getName(), init, nonNull(status.getImage()).isEmpty() ? nonNull(spec.getImage())
                : status.getImage(), Boolean.TRUE.equals(status.getReady()), restarts, stateWord, reason, oneLine(message),
                last == null ? "" : terminatedWords(last), last != null);
    }

    /** kubectl's STATUS column: the word that says most about the pod. */
    private static String reason(Pod pod, PodStatus status, int initCount, String phase) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        String reason = status.getReason() == null || status.getReason().isEmpty() ? phase : status.getReason();
        List<ContainerStatus> inits = orEmpty(status.getInitContainerStatuses());
        for (int i = 0; i < inits.size(); i++) {
            ContainerState state = inits.get(i).getState();
            if (state != null && state.getTerminated() != null && Integer.valueOf(0).equals(state.getTerminated()
                    .getExitCode())) {
                continue;
            }
            if (state != null && state.getTerminated() != null) {
                return "Init:" + terminatedReason(state.getTerminated());
            }
            if (state != null && state.getWaiting() != null && state.getWaiting().getReason() != null
                    && !state.getWaiting().getReason().isEmpty()
                    && !state.getWaiting().getReason().equals("PodInitializing")) {
                return "Init:" + state.getWaiting().getReason();
            }
            return "Init:" + i + "/" + initCount;
        }
        boolean running = false;
        List<ContainerStatus> apps = new ArrayList<>(orEmpty(status.getContainerStatuses()));
        java.util.Collections.reverse(apps); // as kubectl: the first container's word wins
        for (ContainerStatus container : apps) {
            ContainerState state = container.getState();
            if (state == null) {
                continue;
            }
            if (state.getWaiting() != null && state.getWaiting().getReason() != null
                    && !state.getWaiting().getReason().isEmpty()) {
                reason = state.getWaiting().getReason();
            } else if (state.getTerminated() != null) {
                reason = terminatedReason(state.getTerminated());
            } else if (state.getRunning() != null && Boolean.TRUE.equals(container.getReady())) {
                running = true;
            }
        }
        if (reason.equals("Completed") && running) {
            boolean ready = orEmpty(status.getConditions()).stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            return ready ? "Running" : "NotReady";
        }
        return reason;
    }

    /** A waiting or failed container's words, else why the pod is not scheduled or ready. */
    private static String message(PodStatus status, List<ContainerSummary> containers) {
        for (ContainerSummary c : containers) {
            if (!c.message().isEmpty() && !c.state().equals("running") && !"Completed".equals(c.reason())) {
                return c.name() + ": " + c.message();
            }
        }
        if (status.getMessage() != null && !status.getMessage().isEmpty()) {
            return oneLine(status.getMessage());
        }
        return orEmpty(status.getConditions()).stream()
                .filter(c -> "False".equals(c.getStatus()) && c.getMessage() != null && !c.getMessage().isEmpty())
                .map(PodCondition::getMessage).map(PodSummaries::oneLine).findFirst().orElse("");
    }

    /** How the most recently ended container instance ended, named by its container. */
    private static String lastState(PodStatus status) {
        List<ContainerStatus> all = new ArrayList<>(orEmpty(status.getInitContainerStatuses()));
        all.addAll(orEmpty(status.getContainerStatuses()));
        return all.stream().filter(s -> s.getLastState() != null && s.getLastState().getTerminated() != null)
                .max(Comparator.comparing((ContainerStatus s) -> nonNull(s.getLastState().getTerminated()
                        .getFinishedAt())))
                .map(s -> s.getName() + ": " + terminatedWords(s.getLastState().getTerminated()))
                .orElse("");
    }

    /** "Error, exit code 1" / "Completed" / "OOMKilled, exit code 137". */
    private static String terminatedWords(ContainerStateTerminated t) {
        String reason = terminatedReason(t);
        Integer exit = t.getExitCode();
        return exit == null || exit == 0 && "Completed".equals(reason) ? reason : reason + ", exit code " + exit;
    }

    private static String terminatedReason(ContainerStateTerminated t) {
        if (t.getReason() != null && !t.getReason().isEmpty()) {
            return t.getReason();
        }
        if (t.getSignal() != null && t.getSignal() != 0) {
            return "Signal:" + t.getSignal();
        }
        return "ExitCode:" + t.getExitCode();
    }

    private static String owner(Pod pod) {
        List<OwnerReference> owners = orEmpty(pod.getMetadata().getOwnerReferences());
        return owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst()
                .or(() -> owners.stream().findFirst())
                .map(o -> o.getKind().toLowerCase(Locale.ROOT) + "/" + o.getName()).orElse("");
    }

    private static Map<String, ContainerStatus> byName(List<ContainerStatus> statuses) {
        return orEmpty(statuses).stream().filter(s -> s.getName() != null)
                .collect(Collectors.toMap(ContainerStatus::getName, Function.identity(), (a, b) -> a));
    }

    private static Instant instant(String timestamp) {
        try {
            return timestamp == null ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String nonNull(String text) {
        return Objects.requireNonNullElse(text, "");
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
