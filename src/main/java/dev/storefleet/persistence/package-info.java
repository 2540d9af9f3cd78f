/**
 * Adapter: the local H2 file database through Hibernate, schema by Flyway migrations, one console per data directory;
 * and the store backups as zip archives on the disk ({@link dev.storefleet.persistence.ZipBackupArchives}).
 */
package dev.storefleet.persistence;
