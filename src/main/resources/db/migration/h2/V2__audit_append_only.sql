-- The audit log is append-only: the database itself refuses to change or remove a row,
-- whatever code (or person with a SQL console) tries.
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE, DELETE ON audit_event
    FOR EACH ROW CALL 'dev.storefleet.persistence.AuditAppendOnlyTrigger';
