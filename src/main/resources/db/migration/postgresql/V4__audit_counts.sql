-- The metrics panel's counters come from this table instead of a GROUP BY over the whole audit
-- log, which grows without bound. A trigger counts every row inserted, whatever code inserts it,
-- in the inserting transaction. PostgreSQL's form of h2/V4.
CREATE TABLE audit_count (
    action  VARCHAR(32) NOT NULL,
    outcome VARCHAR(16) NOT NULL,
    events  BIGINT      NOT NULL,
    CONSTRAINT pk_audit_count PRIMARY KEY (action, outcome)
);

INSERT INTO audit_count (action, outcome, events)
    SELECT action, outcome, COUNT(*) FROM audit_event GROUP BY action, outcome;

CREATE FUNCTION audit_event_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_count (action, outcome, events) VALUES (NEW.action, NEW.outcome, 1)
        ON CONFLICT (action, outcome) DO UPDATE SET events = audit_count.events + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER audit_event_counted
    AFTER INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_count();
