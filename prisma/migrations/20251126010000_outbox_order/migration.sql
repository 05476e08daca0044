-- Events written in the same millisecond tied on created_at and were relayed in id (random
-- UUID) order; a sequence gives the order they were written in.
ALTER TABLE "outbox_events" ADD COLUMN "seq" BIGSERIAL NOT NULL;
