package dev.storefleet.domain;

import java.util.List;

/**
 * What a change of a release does to the objects it applies: each Kubernetes object the rendered
 * manifests of the deployed revision and of the target differ in, with a unified diff of its YAML.
 * Secret data is never carried in clear.
 */
public record ManifestDiff(List<ObjectChange> objects) {

    public enum Kind { ADDED, REMOVED, CHANGED }

    /** One object that differs; {@code unifiedDiff} is the diff of its YAML (Secret data masked). */
    public record ObjectChange(String kind, String name, Kind change, String unifiedDiff) {
    }

    public ManifestDiff {
        objects = List.copyOf(objects);
    }
}
