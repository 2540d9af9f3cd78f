package dev.storefleet.testcluster;

import tools.jackson.databind.node.ObjectNode;

/**
 * Plays the persistent-volume controller and the cloud load balancer: a PVC is {@code Bound}
 * (capacity as requested) and a {@code LoadBalancer} Service gets an ingress IP. With the
 * {@code noStorageClass} fault a claim stays {@code Pending} with a {@code FailedBinding} event
 * (Normal, as the persistent volume controller records it), looked at again every crash-restart
 * period until the fault is lifted.
 */
final class VolumeBinder {

    static final String COMPONENT = "persistentvolume-controller";

    private final ObjectStore store;
    private final PodFaults faults;
    private final ClusterEvents events;

    VolumeBinder(ObjectStore store, PodFaults faults, ClusterEvents events) {
        this.store = store;
        this.faults = faults;
        this.events = events;
    }

    static boolean bound(ObjectNode pvc) {
        return "Bound".equals(Json.text(pvc, "status", "phase"));
    }

    static boolean needsLoadBalancer(ObjectNode svc) {
        return "LoadBalancer".equals(Json.text(svc, "spec", "type"))
                && svc.path("status").path("loadBalancer").path("ingress").isEmpty();
    }

    /** Binds the claim unless storage is faulted; returns whether it must be looked at again. */
    boolean bind(ObjectNode pvc) {
        if (bound(pvc)) {
            return false;
        }
        if (faults.noStorageClass().isPresent()) {
            if (!"Pending".equals(Json.text(pvc, "status", "phase"))) {
                ObjectNode pending = pvc.deepCopy();
                pending.withObject("status").put("phase", "Pending");
                store.replace(pending);
            }
            events.record(ClusterEvents.Involved.of(pvc), "Normal", "FailedBinding",
                    "no persistent volumes available for this claim and no storage class is set", COMPONENT, null);
            return true;
        }
        ObjectNode next = pvc.deepCopy();
        ObjectNode status = next.withObject("status").put("phase", "Bound");
        if (pvc.path("spec").path("accessModes").isArray()) {
            status.set("accessModes", pvc.path("spec").path("accessModes").deepCopy());
        }
        status.set("capacity", pvc.path("spec").path("resources").path("requests").deepCopy());
        store.replace(next);
        return false;
    }

    void loadBalancer(ObjectNode svc) {
        if (needsLoadBalancer(svc)) {
            ObjectNode next = svc.deepCopy();
            next.withObject("status").withObject("loadBalancer").putArray("ingress").addObject().put("ip", "127.0.0.1");
            store.replace(next);
        }
    }
}
