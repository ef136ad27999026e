-- crm-service tag and search pages: every entry of the tag and word indexes (V54) carries its
-- customer's row version, the row's xmin, so that a page's ids and versions come from one index-only
-- walk of the entries. Until now each page joined its 51 ids to crm_customers by primary key only to
-- read each row's xmin (which decides whether the row's JSON rendered before can be reused): ~3/4 of
-- a tag page's query (pgbench, 100,000 customers: tag page ids alone 36,000 queries/s, with the join
-- 9,800/s).
--
-- The price: every update of a customer rewrites its entries (~7 words, ~2 tags), not only updates
-- that change its words, order or filter columns, since every update gives the row a new xmin. The
-- triggers read the xmin from crm_customers itself (an AFTER trigger sees the statement's rows), so the
-- entries hold exactly the version a list reads from the row, in a savepoint too.
-- xmin as bigint (xid has no btree ordering); its text is the same as xmin::text.

DROP INDEX idx_crm_customer_words_order;
DROP INDEX idx_crm_customer_words_status_order;
DROP INDEX idx_crm_customer_tags_order;
DROP INDEX idx_crm_customer_tags_status_order;
TRUNCATE crm_customer_words, crm_customer_tags;
ALTER TABLE crm_customer_words ADD COLUMN version BIGINT NOT NULL;
ALTER TABLE crm_customer_tags ADD COLUMN version BIGINT NOT NULL;

INSERT INTO crm_customer_words (word, customer_id, name, surname, relationship_status, tags, version)
SELECT w, c.id, c.name, c.surname, c.relationship_status, c.tags, c.xmin::text::bigint
FROM crm_customers c, crm_customer_search_words(c.name, c.surname, c.organization) w;
INSERT INTO crm_customer_tags (tag, customer_id, name, surname, relationship_status, version)
SELECT DISTINCT t, c.id, c.name, c.surname, c.relationship_status, c.xmin::text::bigint
FROM crm_customers c, unnest(c.tags) t WHERE octet_length(t) <= 200;

-- search without a status filter; with one
CREATE INDEX idx_crm_customer_words_order ON crm_customer_words (word, name, surname, customer_id)
    INCLUDE (relationship_status, tags, version);
CREATE INDEX idx_crm_customer_words_status_order ON crm_customer_words (word, relationship_status, name, surname, customer_id)
    INCLUDE (tags, version);
CREATE INDEX idx_crm_customer_tags_order ON crm_customer_tags (tag, name, surname, customer_id) INCLUDE (version);
CREATE INDEX idx_crm_customer_tags_status_order ON crm_customer_tags (tag, relationship_status, name, surname, customer_id)
    INCLUDE (version);

-- The rows of this statement's customers as they are now, with their xmin; from the entries of the
-- rows passed in (new_rows), joined to the table by id.
CREATE OR REPLACE FUNCTION crm_customer_indexes_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO crm_customer_words (word, customer_id, name, surname, relationship_status, tags, version)
    SELECT w, c.id, c.name, c.surname, c.relationship_status, c.tags, c.xmin::text::bigint
    FROM new_rows n JOIN crm_customers c ON c.id = n.id,
         crm_customer_search_words(c.name, c.surname, c.organization) w;
    INSERT INTO crm_customer_vocabulary (word)
    SELECT DISTINCT w FROM new_rows n, crm_customer_search_words(n.name, n.surname, n.organization) w
    ORDER BY 1
    ON CONFLICT DO NOTHING;
    INSERT INTO crm_customer_tags (tag, customer_id, name, surname, relationship_status, version)
    SELECT DISTINCT t, c.id, c.name, c.surname, c.relationship_status, c.xmin::text::bigint
    FROM new_rows n JOIN crm_customers c ON c.id = n.id, unnest(c.tags) t WHERE octet_length(t) <= 200;
    RETURN NULL;
END $$;

-- Every updated customer's entries are written again: each update gives the row a new xmin.
CREATE OR REPLACE FUNCTION crm_customer_indexes_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM crm_customer_words w USING old_rows o WHERE w.customer_id = o.id;
    INSERT INTO crm_customer_words (word, customer_id, name, surname, relationship_status, tags, version)
    SELECT w, c.id, c.name, c.surname, c.relationship_status, c.tags, c.xmin::text::bigint
    FROM new_rows n JOIN crm_customers c ON c.id = n.id,
         crm_customer_search_words(c.name, c.surname, c.organization) w;
    INSERT INTO crm_customer_vocabulary (word)
    SELECT DISTINCT w FROM new_rows n, crm_customer_search_words(n.name, n.surname, n.organization) w
    WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id
                        AND (n.name, n.surname, n.organization) IS NOT DISTINCT FROM (o.name, o.surname, o.organization))
    ORDER BY 1
    ON CONFLICT DO NOTHING;
    DELETE FROM crm_customer_tags g USING old_rows o WHERE g.customer_id = o.id;
    INSERT INTO crm_customer_tags (tag, customer_id, name, surname, relationship_status, version)
    SELECT DISTINCT t, c.id, c.name, c.surname, c.relationship_status, c.xmin::text::bigint
    FROM new_rows n JOIN crm_customers c ON c.id = n.id, unnest(c.tags) t WHERE octet_length(t) <= 200;
    RETURN NULL;
END $$;

-- the planner's statistics of the rewritten tables (VACUUM cannot run in a migration's transaction:
-- until autovacuum sets their visibility maps, index-only walks also read the table)
ANALYZE crm_customer_words, crm_customer_tags;
