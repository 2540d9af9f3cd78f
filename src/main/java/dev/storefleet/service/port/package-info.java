/**
 * Interfaces the services need from the outside world (database, Helm, Kubernetes), implemented by the adapters.
 */
package dev.storefleet.service.port;
