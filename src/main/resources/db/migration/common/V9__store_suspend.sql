-- Suspend and resume (issue 17): a store's workloads at zero replicas, its data kept.
ALTER TABLE store DROP CONSTRAINT ck_store_status;
ALTER TABLE store ADD CONSTRAINT ck_store_status CHECK (status IN
    ('CREATED', 'PROVISIONING', 'READY', 'FAILED', 'UPGRADING', 'ROLLING_BACK', 'SUSPENDING', 'SUSPENDED',
     'RESUMING', 'DELETING'));
