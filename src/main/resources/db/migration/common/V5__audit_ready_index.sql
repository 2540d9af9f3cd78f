-- Time to ready reads the duration of every successful provisioning: with the duration in the
-- index the query reads index entries only, not each audit row they point to.
CREATE INDEX ix_audit_ready ON audit_event (action, outcome, duration_ms);
