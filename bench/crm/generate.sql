-- Bench data for crm-service: :customers customers and :orders orders, made by SQL in seconds.
-- Names, organizations, statuses and tags are drawn from small lists so each filter matches a
-- realistic share of rows (status ~25 %, a tag ~5 %, a search word ~1-20 %). Picks are hashed
-- independently per column: correlated columns (tag follows name) make the planner walk the name
-- index through most of the table, which real data does not do.
TRUNCATE crm_orders, crm_customers, firestore_outbox CASCADE;

INSERT INTO crm_customers (id, name, surname, organization, folder_id, relationship_status, tags, contacts,
                           location, created_at, updated_at)
SELECT 'bc' || lpad(g::text, 8, '0'),
       (ARRAY['Nikos','Maria','Georgios','Eleni','Ioannis','Katerina','Dimitris','Sofia','Konstantinos','Anna'])[1 + abs(hashtext(g || 'n')) % 10],
       (ARRAY['Papadopoulos','Georgiou','Nikolaou','Ioannou','Pappas','Vlachos','Angelopoulos','Oikonomou','Makris','Dimitriou',
              'Papanikolaou','Karalis','Christodoulou','Antoniou','Stavrou','Alexiou','Petrou','Markou','Lazarou','Sotiriou'])[1 + abs(hashtext(g || 's')) % 20],
       (ARRAY['Church of St Nicholas','Holy Monastery of Ossios Loukas','Metropolis of Patras','Parish of St George',
              'Church of the Annunciation','Monastery of St John','Cathedral of Athens','Parish of St Demetrios'])[1 + abs(hashtext(g || 'o')) % 8]
           || ' ' || (g % 500),
       'bf' || lpad(g::text, 8, '0'),
       (ARRAY['lead','active','inactive','prospect'])[1 + abs(hashtext(g || 'r')) % 4],
       ARRAY[(ARRAY['vip','bells','clock','automation','repair','greece','cyprus','export','church','monastery',
                    'school','municipal','quote','follow_up','install','service','warranty','legacy','new','lost'])[1 + abs(hashtext(g || 't')) % 20],
             (ARRAY['region_north','region_south','region_islands','region_attica'])[1 + abs(hashtext(g || 'g')) % 4]],
       jsonb_build_array(jsonb_build_object('type', 'email', 'value', 'c' || g || '@example.com')),
       jsonb_build_object('city', 'Athens', 'lat', 37.98, 'lng', 23.72),
       now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
FROM generate_series(1, :customers) g;

INSERT INTO crm_orders (id, customer_id, order_number, status, items, subtotal, total_price, timeline, created_at, updated_at)
SELECT 'bo' || lpad(g::text, 9, '0'),
       'bc' || lpad((1 + (g::bigint * 7919) % :customers)::text, 8, '0'), -- bigint: 300,000 * 7919 overflows int
       'BENCH-' || g,
       (ARRAY['negotiating','confirmed','in_production','shipped','installed','cancelled'])[1 + g % 6],
       '[{"description":"Bell","quantity":1,"unit_price":100.00,"line_total":100.00}]',
       100.00, 100.00, '[]', now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
FROM generate_series(1, :orders) g;

VACUUM ANALYZE crm_customers; -- steady state: autovacuum keeps the visibility map set, which index-only scans need
VACUUM ANALYZE crm_orders;
VACUUM ANALYZE crm_customer_words; -- the search word index (V54), filled by the insert trigger
VACUUM ANALYZE crm_customer_vocabulary;
VACUUM ANALYZE crm_customer_tags; -- the tag index (V54): without it each tag page entry was a heap fetch
