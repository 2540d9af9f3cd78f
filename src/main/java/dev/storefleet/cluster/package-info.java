/**
 * Adapter: Kubernetes (fabric8) and embedded Helm (helm-java) behind the service ports.
 */
package dev.storefleet.cluster;
