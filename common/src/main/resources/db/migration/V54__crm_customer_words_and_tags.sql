-- crm-service customer search (q): a word index kept in list order, so a search page costs the same
-- wherever its matches sit in the (name, surname, id) order.
--
-- Why: q is a substring match over name || ' ' || surname || ' ' || organization (CustomerService).
-- Walking the name index and testing each entry stops after one page only when matches are spread
-- through the order; a first name ("nikos") puts every match in one block near the end, and the walk
-- tested 40,000 entries (27 ms) per page. The trigram GIN index finds the same 5,000 rows but must
-- fetch and sort them all (7-10 ms).
--
-- How: crm_customer_words holds one row per (lower-cased word, customer) with the customer's list
-- order and filter columns; crm_customer_vocabulary holds every word once, with a trigram index.
-- A search resolves its longest token to the few words that contain it (vocabulary), walks each
-- word's rows in list order (index-only) and merges them: a page reads about one page of entries per
-- word. Triggers keep both tables in step with crm_customers in the same transaction, whatever
-- writes the customer (API, migration, plain SQL).
--
-- Words are split on whitespace exactly as the search splits its text ('\s+' after lower()). A word
-- too long for a btree entry is stored as the empty word '', which every search also walks and
-- checks against the full text, so no customer is ever missed.
-- The vocabulary only grows: a word nobody uses any more costs one empty index probe per search.
--
-- crm_customer_tags does the same for the tag filter: one row per (tag, customer) in list order, so
-- a tag page reads one page of entries instead of walking the name order past the ~95 % of
-- customers without the tag. Tags over 200 bytes are not stored there; a list by such a tag uses the
-- GIN index on crm_customers.tags instead (CustomerService).

CREATE TABLE crm_customer_words (
    word                TEXT   NOT NULL,
    customer_id         TEXT   NOT NULL,
    name                TEXT   NOT NULL,
    surname             TEXT,
    relationship_status TEXT   NOT NULL,
    tags                TEXT[] NOT NULL,
    PRIMARY KEY (customer_id, word)
);
-- search without a status filter; with one
CREATE INDEX idx_crm_customer_words_order ON crm_customer_words (word, name, surname, customer_id)
    INCLUDE (relationship_status, tags);
CREATE INDEX idx_crm_customer_words_status_order ON crm_customer_words (word, relationship_status, name, surname, customer_id)
    INCLUDE (tags);

CREATE TABLE crm_customer_vocabulary (
    word TEXT PRIMARY KEY
);
CREATE INDEX idx_crm_customer_vocabulary_trgm ON crm_customer_vocabulary USING GIN (word gin_trgm_ops);

CREATE TABLE crm_customer_tags (
    tag                 TEXT NOT NULL,
    customer_id         TEXT NOT NULL,
    name                TEXT NOT NULL,
    surname             TEXT,
    relationship_status TEXT NOT NULL,
    PRIMARY KEY (customer_id, tag)
);
CREATE INDEX idx_crm_customer_tags_order ON crm_customer_tags (tag, name, surname, customer_id);
CREATE INDEX idx_crm_customer_tags_status_order ON crm_customer_tags (tag, relationship_status, name, surname, customer_id);

-- The words a customer is found by. 200 bytes keeps every word far below the btree entry limit.
CREATE FUNCTION crm_customer_search_words(name TEXT, surname TEXT, organization TEXT) RETURNS SETOF TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT CASE WHEN octet_length(w) > 200 THEN '' ELSE w END
    FROM regexp_split_to_table(lower(coalesce(name, '') || ' ' || coalesce(surname, '') || ' ' || coalesce(organization, '')), '\s+') w
    WHERE w <> ''
$$;

-- Statement-level triggers with transition tables: a bulk load (migration) indexes its rows in one
-- INSERT ... SELECT instead of one per row. Vocabulary rows go in sorted, so two transactions adding
-- the same new words wait for each other in the same order instead of deadlocking.
CREATE FUNCTION crm_customer_indexes_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO crm_customer_words (word, customer_id, name, surname, relationship_status, tags)
    SELECT w, n.id, n.name, n.surname, n.relationship_status, n.tags
    FROM new_rows n, crm_customer_search_words(n.name, n.surname, n.organization) w;
    INSERT INTO crm_customer_vocabulary (word)
    SELECT DISTINCT w FROM new_rows n, crm_customer_search_words(n.name, n.surname, n.organization) w
    ORDER BY 1
    ON CONFLICT DO NOTHING;
    INSERT INTO crm_customer_tags (tag, customer_id, name, surname, relationship_status)
    SELECT DISTINCT t, n.id, n.name, n.surname, n.relationship_status
    FROM new_rows n, unnest(n.tags) t WHERE octet_length(t) <= 200;
    RETURN NULL;
END $$;

CREATE FUNCTION crm_customer_indexes_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- only rows whose words, order or filter columns changed (an id change counts as delete + insert)
    DELETE FROM crm_customer_words w
    USING old_rows o
    WHERE w.customer_id = o.id
      AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id
                        AND (n.name, n.surname, n.organization, n.relationship_status, n.tags)
                            IS NOT DISTINCT FROM (o.name, o.surname, o.organization, o.relationship_status, o.tags));
    INSERT INTO crm_customer_words (word, customer_id, name, surname, relationship_status, tags)
    SELECT w, n.id, n.name, n.surname, n.relationship_status, n.tags
    FROM new_rows n, crm_customer_search_words(n.name, n.surname, n.organization) w
    WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id
                        AND (n.name, n.surname, n.organization, n.relationship_status, n.tags)
                            IS NOT DISTINCT FROM (o.name, o.surname, o.organization, o.relationship_status, o.tags));
    INSERT INTO crm_customer_vocabulary (word)
    SELECT DISTINCT w FROM new_rows n, crm_customer_search_words(n.name, n.surname, n.organization) w
    WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id
                        AND (n.name, n.surname, n.organization) IS NOT DISTINCT FROM (o.name, o.surname, o.organization))
    ORDER BY 1
    ON CONFLICT DO NOTHING;
    DELETE FROM crm_customer_tags g
    USING old_rows o
    WHERE g.customer_id = o.id
      AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id
                        AND (n.name, n.surname, n.relationship_status, n.tags)
                            IS NOT DISTINCT FROM (o.name, o.surname, o.relationship_status, o.tags));
    INSERT INTO crm_customer_tags (tag, customer_id, name, surname, relationship_status)
    SELECT DISTINCT t, n.id, n.name, n.surname, n.relationship_status
    FROM new_rows n, unnest(n.tags) t
    WHERE octet_length(t) <= 200
      AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id
                        AND (n.name, n.surname, n.relationship_status, n.tags)
                            IS NOT DISTINCT FROM (o.name, o.surname, o.relationship_status, o.tags));
    RETURN NULL;
END $$;

CREATE FUNCTION crm_customer_indexes_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM crm_customer_words w USING old_rows o WHERE w.customer_id = o.id;
    DELETE FROM crm_customer_tags g USING old_rows o WHERE g.customer_id = o.id;
    RETURN NULL;
END $$;

CREATE FUNCTION crm_customer_indexes_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE crm_customer_words, crm_customer_tags;
    RETURN NULL;
END $$;

CREATE TRIGGER crm_customer_indexes_insert AFTER INSERT ON crm_customers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_customer_indexes_insert();
CREATE TRIGGER crm_customer_indexes_update AFTER UPDATE ON crm_customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_customer_indexes_update();
CREATE TRIGGER crm_customer_indexes_delete AFTER DELETE ON crm_customers
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_customer_indexes_delete();
CREATE TRIGGER crm_customer_indexes_truncate AFTER TRUNCATE ON crm_customers
    FOR EACH STATEMENT EXECUTE FUNCTION crm_customer_indexes_truncate();

-- the customers already there
INSERT INTO crm_customer_words (word, customer_id, name, surname, relationship_status, tags)
SELECT w, c.id, c.name, c.surname, c.relationship_status, c.tags
FROM crm_customers c, crm_customer_search_words(c.name, c.surname, c.organization) w;
INSERT INTO crm_customer_vocabulary (word)
SELECT DISTINCT word FROM crm_customer_words ORDER BY 1;
INSERT INTO crm_customer_tags (tag, customer_id, name, surname, relationship_status)
SELECT DISTINCT t, c.id, c.name, c.surname, c.relationship_status
FROM crm_customers c, unnest(c.tags) t WHERE octet_length(t) <= 200;
