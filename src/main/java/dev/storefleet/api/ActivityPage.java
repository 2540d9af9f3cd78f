package dev.storefleet.api;

import java.util.List;

/** One page of the activity feed, newest first, with the number of rows that match in all. */
record ActivityPage(int page, int size, long total, List<AuditView> items) {
}
