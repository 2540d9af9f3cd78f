package dev.storefleet.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of the provisioning engine.
 *
 * @param maxInFlight    stores worked on at once
 * @param readyTimeout   how long a store's workloads may take to become ready
 * @param deleteTimeout  how long a namespace may take to go away
 * @param baseDomain     stores are served at {@code <slug>.<baseDomain>}
 * @param ingressClass   the cluster's ingress class (k3s ships Traefik)
 */
public record EngineSettings(int maxInFlight, Duration readyTimeout, Duration deleteTimeout, String baseDomain,
        String ingressClass) {

    public static final EngineSettings DEFAULTS = new EngineSettings(2, Duration.ofMinutes(10),
            Duration.ofMinutes(5), "localhost", "traefik");

    public EngineSettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(deleteTimeout, "deleteTimeout");
        Objects.requireNonNull(baseDomain, "baseDomain");
        Objects.requireNonNull(ingressClass, "ingressClass");
    }

    public String hostOf(String slug) {
        return slug + "." + baseDomain;
    }
}
