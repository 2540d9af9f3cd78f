/**
 * Use cases (StoreService, AuditService, MetricsService) and the background StoreWorkQueue. Owns the ports in {@code service.port}; knows no framework.
 */
package dev.storefleet.service;
