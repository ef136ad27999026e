-- The Console's app-user page lists the CRM customers linked to a device owner
-- (crm_customers.linked_user_ids @> ARRAY[uid]); without an index that is a scan of every customer.
CREATE INDEX idx_crm_customers_linked_users ON crm_customers USING GIN (linked_user_ids);
