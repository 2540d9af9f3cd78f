/**
 * Adapter: the local H2 file database through Hibernate, schema by Flyway migrations, one console per data directory.
 */
package dev.storefleet.persistence;
