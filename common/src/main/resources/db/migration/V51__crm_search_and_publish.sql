-- crm-service: customer search and melody publishing.
-- Search over name/surname/organization is a substring match (ILIKE); a trigram index keeps it
-- an index scan at 50k+ customers. pg_trgm ships with PostgreSQL's contrib package.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX idx_crm_customers_search ON crm_customers
    USING GIN ((coalesce(name, '') || ' ' || coalesce(surname, '') || ' ' || coalesce(organization, '')) gin_trgm_ops);
-- The global order list by status, newest first.
CREATE INDEX idx_crm_orders_status_created ON crm_orders (status, created_at DESC);
CREATE INDEX idx_crm_orders_customer_created ON crm_orders (customer_id, created_at DESC);

-- A published melody is what the mobile app reads from Firestore `melodies`.
ALTER TABLE melody_drafts ADD COLUMN published_at TIMESTAMPTZ;
ALTER TABLE melody_drafts ADD COLUMN published_by TEXT;
