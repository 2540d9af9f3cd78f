package dev.storefleet.api;

import dev.storefleet.service.port.ReleaseInfo;

/** One revision of a store's Helm release: what {@code rollback} can go back to. */
record RevisionView(int revision, String status, String chart, String appVersion, String updated,
        String description) {

    static RevisionView of(ReleaseInfo info) {
        return new RevisionView(info.revision(), info.status(), info.chart(), info.appVersion(),
                info.updated() == null ? null : info.updated().toString(), info.description());
    }
}
