package dev.storefleet.service.port;

import java.time.Instant;

/** One revision of a store's Helm release, as Helm reports it. */
public record ReleaseInfo(int revision, String status, String chart, String appVersion, Instant updated,
        String description) {

    public boolean isDeployed() {
        return "deployed".equalsIgnoreCase(status);
    }
}
