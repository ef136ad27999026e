-- crm-service reads a list page in two steps (CrudStore.list): the page's ids first, then the rows
-- by id. With tags in the list-order indexes, the first step of an unfiltered, status or tag list is
-- an index-only scan: a tag filter is checked on index entries instead of fetching every row the
-- walk passes. Measured on the bench data (50,000 customers, tag on 5 % of them): ids of a tag page
-- 4,124 -> 10,159 queries/s.
DROP INDEX idx_crm_customers_name;
CREATE INDEX idx_crm_customers_name ON crm_customers (name, surname, id) INCLUDE (tags);

DROP INDEX idx_crm_customers_rel_status;
CREATE INDEX idx_crm_customers_rel_status ON crm_customers (relationship_status, name, surname, id) INCLUDE (tags);
