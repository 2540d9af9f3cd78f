package dev.storefleet.testcluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Faults to inject into requests. A rule matches a method ({@code "*"} or null for any) and a
 * regular expression searched in the request path without its query string ({@link java.util.regex.Matcher#find()},
 * so anchor it with {@code ^...$} to match a whole path). Counted rules are used up in the order
 * they were added. Shared by the test Kubernetes API and the store stand-ins
 * ({@code dev.storefleet.store.FaultyHttp}).
 */
public final class Faults {

    /** What to do with one request. */
    public sealed interface Action permits Fail, Drop {
    }

    /** Answer with this status instead of the real answer. */
    public record Fail(int status) implements Action {
    }

    /** Close the connection without an answer. */
    public record Drop() implements Action {
    }

    private record Rule(String method, Pattern path, Action action, AtomicInteger remaining) {
        boolean matches(String m, String p) {
            return (method == null || method.equals("*") || method.equalsIgnoreCase(m)) && path.matcher(p).find();
        }
    }

    private record Latency(String method, Pattern path, Duration delay) {
        boolean matches(String m, String p) {
            return (method == null || method.equals("*") || method.equalsIgnoreCase(m)) && path.matcher(p).find();
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Latency> latencies = new CopyOnWriteArrayList<>();

    public void failNext(String method, String pathRegex, int status, int times) {
        rules.add(new Rule(method, Pattern.compile(pathRegex), new Fail(status), new AtomicInteger(times)));
    }

    public void dropConnection(String method, String pathRegex, int times) {
        rules.add(new Rule(method, Pattern.compile(pathRegex), new Drop(), new AtomicInteger(times)));
    }

    public void latency(String pathRegex, Duration delay) {
        latency("*", pathRegex, delay);
    }

    /** Every request with {@code method} ({@code "*"} for any) whose path matches waits {@code delay} first. */
    public void latency(String method, String pathRegex, Duration delay) {
        latencies.add(new Latency(method, Pattern.compile(pathRegex), delay));
    }

    public void reset() {
        rules.clear();
        latencies.clear();
    }

    /** The delay to add before answering (the sum of every matching latency rule). */
    public Duration delayFor(String method, String path) {
        return latencies.stream().filter(l -> l.matches(method, path))
                .map(Latency::delay).reduce(Duration.ZERO, Duration::plus);
    }

    /** Takes one use of the first matching counted rule, if any. */
    public Optional<Action> take(String method, String path) {
        for (Rule r : rules) {
            if (r.matches(method, path)) {
                int left = r.remaining().getAndDecrement();
                if (left > 0) {
                    return Optional.of(r.action());
                }
                rules.remove(r);
            }
        }
        return Optional.empty();
    }
}
