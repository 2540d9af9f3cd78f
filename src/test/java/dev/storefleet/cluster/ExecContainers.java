package dev.storefleet.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the exec test cluster plays a container: the argv the console sent, unchanged, run under
 * {@code env -i} with only the container's environment (what the chart gives it), as the
 * container's own process would see it.
 */
final class ExecContainers {
    private ExecContainers() {
    }

    static Function<List<String>, List<String>> withEnvironment(Map<String, String> env) {
        return argv -> {
            List<String> local = new ArrayList<>(List.of("env", "-i"));
            env.forEach((k, v) -> local.add(k + "=" + v));
            local.addAll(argv);
            return local;
        };
    }
}
