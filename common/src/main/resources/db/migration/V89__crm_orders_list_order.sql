-- crm-service lists all orders newest first (created_at DESC, id); no index had that order, so every
-- page of the unfiltered list read and sorted the whole table: 138 ms per page at 300,000 orders
-- (bench data, parallel seq scan + top-N sort), against 0.1 ms walking this index.
CREATE INDEX idx_crm_orders_created ON crm_orders (created_at DESC, id);
