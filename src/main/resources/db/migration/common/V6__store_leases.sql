-- Storefleet schema, version 6 (issue 15): leases, so that several consoles and serve instances on
-- one database run one operation per store, and start-up reconciliation in one instance at a time.
-- A store's lease lives on its row (taken and renewed by an UPDATE guarded by its expiry, which is
-- the database's clock, not a laptop's); Hibernate does not map these columns, so saving a store
-- never touches them. Expiry only matters while the store is in a running state.
ALTER TABLE store ADD COLUMN lease_holder      VARCHAR(64);
ALTER TABLE store ADD COLUMN lease_holder_name VARCHAR(255);
ALTER TABLE store ADD COLUMN lease_operation   VARCHAR(32);
ALTER TABLE store ADD COLUMN lease_expires_at  TIMESTAMP(6) WITH TIME ZONE;

-- Leases on work for the whole fleet (one row per kind of work, made here so that taking one is
-- always an UPDATE: no insert race between instances).
CREATE TABLE fleet_lease (
    name        VARCHAR(64) NOT NULL PRIMARY KEY,
    holder      VARCHAR(64),
    holder_name VARCHAR(255),
    expires_at  TIMESTAMP(6) WITH TIME ZONE
);

INSERT INTO fleet_lease (name) VALUES ('reconciliation');

-- Which process wrote an audit row, so that a console following the log on a shared database
-- tells the others' rows from its own. Rows written before have none.
ALTER TABLE audit_event ADD COLUMN origin VARCHAR(64);
