-- Storefleet schema, version 3 (issue 8): the last end-to-end check of a store (a test order
-- placed through its API and found in its order list). All nullable: a store that was never
-- verified has none, and rows written by versions 1-2 stay valid as they are.

ALTER TABLE store ADD COLUMN last_verified_at          TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE store ADD COLUMN last_verification_ok      BOOLEAN;
ALTER TABLE store ADD COLUMN last_verification_ms      BIGINT;
ALTER TABLE store ADD COLUMN last_verification_detail  VARCHAR(4000);
