package dev.storefleet.service.port;

import java.util.List;

/**
 * One watch over every namespace labelled as Storefleet's on the connected cluster, with the
 * pods and workloads the store charts make (informers, not a poll per store). It tells what it
 * sees per namespace, only when that changes, on its own thread.
 */
public interface FleetWatch extends AutoCloseable {

    /** No cluster to watch (a console started with fakes): every READY store's health is unknown. */
    FleetWatch NONE = new FleetWatch() {
        @Override
        public void start(Observer observer) {
            observer.connection(new WatchStatus(false, "this console has no cluster watch"));
        }

        @Override
        public void close() {
        }
    };

    /** Starts watching; calls come on the watch's thread, in order. Called once. */
    void start(Observer observer);

    @Override
    void close();

    /** Hears the watch. */
    interface Observer {
        /** What one managed namespace holds now: first seen, changed, or (exists false) removed. */
        void namespace(NamespaceHealth health);

        /** The watch's own state changed: it sees the cluster, re-lists after a break, or cannot reach it. */
        void connection(WatchStatus status);
    }

    /**
     * The workloads of one namespace as the watch folds them.
     *
     * @param exists    the namespace is there (false: deleted, or being deleted)
     * @param releases  the Helm releases (app.kubernetes.io/instance) that have workloads in it
     * @param problems  what is not ready, worst first, each naming the workload, the pod and the reason;
     *                  empty when all is well
     */
    record NamespaceHealth(String namespace, boolean exists, List<String> releases, List<String> problems) {
        public NamespaceHealth {
            releases = List.copyOf(releases);
            problems = List.copyOf(problems);
        }

        public static NamespaceHealth removed(String namespace) {
            return new NamespaceHealth(namespace, false, List.of(), List.of());
        }
    }

    /**
     * @param watching the watch has listed and is following the cluster: what it says is current
     * @param words    what the operator reads ("watching 12 namespaces", "re-listing after the watch
     *                 broke: …", "cannot reach the cluster: …")
     */
    record WatchStatus(boolean watching, String words) {
    }
}
