-- Storefleet schema, version 7 (issue 16): the chart of a store's deployed revision as Helm lists it
-- (woocommerce-0.1.0) and that chart's app version, recorded when an operation ends READY. Nullable:
-- rows of stores made before this version have none until start-up reconciliation reads them from
-- Helm (once per store, audited as RECONCILED).
ALTER TABLE store ADD COLUMN chart       VARCHAR(128);
ALTER TABLE store ADD COLUMN app_version VARCHAR(64);
