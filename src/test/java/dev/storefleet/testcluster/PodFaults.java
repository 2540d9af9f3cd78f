package dev.storefleet.testcluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The pod faults in force, asked by the kubelet, the scheduler, the volume binder and the
 * controllers. Regular expressions are searched ({@link java.util.regex.Matcher#find()}) in pod,
 * Job or image names, so {@code "-db-"} and {@code "^shop-web"} both work. A container name of
 * null means every container of the pod.
 */
final class PodFaults {

    sealed interface Rule permits ImagePull, InvalidImage, Waiting, Crash, Unschedulable, NoStorageClass,
            JobFails, JobDeadline, Quota {
        PodFault handle();
    }

    record ImagePull(Pattern image, PodFault handle) implements Rule {
    }

    record InvalidImage(Pattern image, PodFault handle) implements Rule {
    }

    record Waiting(Pattern pod, String container, String reason, String message, PodFault handle) implements Rule {
    }

    record Crash(Pattern pod, String container, List<String> logLines, PodFault handle) implements Rule {
    }

    record Unschedulable(Pattern pod, String message, PodFault handle) implements Rule {
    }

    record NoStorageClass(PodFault handle) implements Rule {
    }

    record JobFails(Pattern job, List<String> logLines, PodFault handle) implements Rule {
    }

    record JobDeadline(Pattern job, PodFault handle) implements Rule {
    }

    record Quota(Pattern pod, String message, PodFault handle) implements Rule {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Runnable onChange;

    /** {@code onChange} runs after a fault is added or lifted (it wakes the kubelet and controllers). */
    PodFaults(Runnable onChange) {
        this.onChange = onChange;
    }

    PodFault add(String description, Function<PodFault, Rule> rule) {
        Rule[] added = new Rule[1];
        PodFault handle = new PodFault(description, () -> {
            rules.remove(added[0]);
            onChange.run();
        });
        added[0] = rule.apply(handle);
        rules.add(added[0]);
        onChange.run();
        return handle;
    }

    void liftAll() {
        for (Rule r : rules) {
            r.handle().lift();
        }
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The first fault that keeps this container from starting (image pull, image name, waiting reason). */
    Optional<Rule> startBlocker(String pod, String container, String image) {
        for (Rule r : rules) {
            boolean blocks = r instanceof ImagePull i ? image != null && i.image().matcher(image).find()
                    : r instanceof InvalidImage i ? image != null && i.image().matcher(image).find()
                    : r instanceof Waiting w && w.pod().matcher(pod).find()
                            && (w.container() == null || w.container().equals(container));
            if (blocks) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    Optional<Crash> crash(String pod, String container) {
        return first(Crash.class, c -> c.pod().matcher(pod).find() && (c.container() == null || c.container().equals(container)));
    }

    Optional<Unschedulable> unschedulable(String pod) {
        return first(Unschedulable.class, u -> u.pod().matcher(pod).find());
    }

    Optional<NoStorageClass> noStorageClass() {
        return first(NoStorageClass.class, n -> true);
    }

    Optional<JobFails> jobFails(String job) {
        return first(JobFails.class, j -> job != null && j.job().matcher(job).find());
    }

    Optional<JobDeadline> jobDeadline(String job) {
        return first(JobDeadline.class, j -> job != null && j.job().matcher(job).find());
    }

    Optional<Quota> quota(String pod) {
        return first(Quota.class, q -> q.pod().matcher(pod).find());
    }

    private <T extends Rule> Optional<T> first(Class<T> type, java.util.function.Predicate<T> matches) {
        for (Rule r : rules) {
            if (type.isInstance(r) && matches.test(type.cast(r))) {
                return Optional.of(type.cast(r));
            }
        }
        return Optional.empty();
    }
}
