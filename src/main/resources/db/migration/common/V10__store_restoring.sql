-- Restoring a store from its backup (issue 17): RESTORING while its data is replaced, so that every
-- console sees the store busy and a restart finds a restore that was cut part-way.
ALTER TABLE store DROP CONSTRAINT ck_store_status;
ALTER TABLE store ADD CONSTRAINT ck_store_status CHECK (status IN
    ('CREATED', 'PROVISIONING', 'READY', 'FAILED', 'UPGRADING', 'ROLLING_BACK', 'SUSPENDING', 'SUSPENDED',
     'RESUMING', 'RESTORING', 'DELETING'));
