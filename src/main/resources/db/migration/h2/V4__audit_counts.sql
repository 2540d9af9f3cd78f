-- The metrics panel's counters come from this table instead of a GROUP BY over the whole audit
-- log, which grows without bound (100,000 rows made every refresh scan them all). A trigger
-- counts every row inserted, whatever code inserts it, in the inserting transaction.
CREATE TABLE audit_count (
    action  VARCHAR(32) NOT NULL,
    outcome VARCHAR(16) NOT NULL,
    events  BIGINT      NOT NULL,
    CONSTRAINT pk_audit_count PRIMARY KEY (action, outcome)
);

INSERT INTO audit_count (action, outcome, events)
    SELECT action, outcome, COUNT(*) FROM audit_event GROUP BY action, outcome;

CREATE TRIGGER audit_event_counted
    AFTER INSERT ON audit_event
    FOR EACH ROW CALL 'dev.storefleet.persistence.AuditCountTrigger';

-- Provisioning results over time and time to ready read one action's rows in a time range.
CREATE INDEX ix_audit_action_time ON audit_event (action, occurred_at);
DROP INDEX ix_audit_action;
