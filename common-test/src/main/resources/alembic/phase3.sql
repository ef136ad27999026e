-- An Alembic-made database as the old Python backend left it on the production VPS after Phases 0-3
-- (docs/migration-strategy.txt, "Current Status Summary": Phase 0 schema, Phase 1 SQLite data,
-- Phase 2 Firestore data, Phase 3 staff), used by the adoption tests (AlembicDatabase). Load it
-- into an empty database with psql or JDBC; it sets its own TimeZone.
--
-- What it represents, in the order the Alembic history applied it:
--   1. the tables that existed before Phase 0 (entries, entry_links, support_tickets,
--      ticket_messages: the notes/issues and tickets modules) and alembic_version;
--   2. Phase 0, revision b1c2d3e4f5a6: _migration_runs and the plan's new tables. device_logs,
--      crm_customers, crm_orders, staff and audit_log are the plan's DDL verbatim (its comments kept);
--   3. Phase 3's revision: staff.ui_prefs added (so it is the last column), staff.permissions
--      nullable; alembic_version left at that revision;
--   4. data in every table as the Phase 1-3 scripts and the running old backend wrote it.
--
-- What is assumed (the plan does not say; schema-check on the real database is the proof):
--   - the Phase 3 revision id: the plan names only Phase 0's b1c2d3e4f5a6; c2d3e4f5a6b7 stands in
--     for it here and in bellsys.schema.alembic-revisions;
--   - tables the plan describes only as "mirrors current SQLite schema" (and the four older
--     tables) have the columns, types, defaults, constraint and index names of bellsys's V1, which
--     was written to mirror them;
--   - _migration_runs has the columns the plan's verify query reads (script_name, ran_at,
--     source_rows, dest_rows, success) plus an id, no more;
--   - crm_quotations' key to crm_customers exists (the plan's step 1.6 "FK enforcement suppressed")
--     and is VALID (created on an empty table; enforcement was suppressed per session, not dropped);
--   - device_logs partitions were created like the plan's example, FROM ('YYYY-MM-01') on a
--     server running in UTC (the postgres Docker image's default), for the months that had logs;
--   - the scripts kept the legacy integer ids and did not move the serial sequences.

SET TimeZone = 'UTC';

-- ======================================================================= before Phase 0
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE entries (
    id          TEXT PRIMARY KEY DEFAULT gen_random_uuid()::text,
    entry_type  TEXT        NOT NULL DEFAULT 'note' CHECK (entry_type IN ('note', 'issue')),
    title       TEXT        NOT NULL,
    body        TEXT,
    status      TEXT        NOT NULL DEFAULT 'open',
    priority    TEXT        NOT NULL DEFAULT 'normal',
    tags        TEXT[]      NOT NULL DEFAULT '{}',
    created_by  TEXT,
    assigned_to TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at TIMESTAMPTZ
);
CREATE INDEX idx_entries_type_status ON entries (entry_type, status, updated_at DESC);

CREATE TABLE entry_links (
    id          BIGSERIAL PRIMARY KEY,
    entry_id    TEXT        NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    linked_type TEXT        NOT NULL,
    linked_id   TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (entry_id, linked_type, linked_id)
);
CREATE INDEX idx_entry_links_target ON entry_links (linked_type, linked_id);

CREATE TABLE support_tickets (
    id              TEXT PRIMARY KEY DEFAULT gen_random_uuid()::text,
    subject         TEXT        NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'open',
    priority        TEXT        NOT NULL DEFAULT 'normal',
    customer_id     TEXT,
    device_serial   TEXT,
    requester_name  TEXT,
    requester_email TEXT,
    assigned_to     TEXT,
    created_by      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_at       TIMESTAMPTZ
);
CREATE INDEX idx_support_tickets_status ON support_tickets (status, updated_at DESC);

CREATE TABLE ticket_messages (
    id          BIGSERIAL PRIMARY KEY,
    ticket_id   TEXT        NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
    author_id   TEXT,
    author_name TEXT,
    body        TEXT        NOT NULL,
    internal    BOOLEAN     NOT NULL DEFAULT FALSE,
    attachments JSONB       NOT NULL DEFAULT '[]',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_ticket_messages_ticket ON ticket_messages (ticket_id, created_at);

-- ======================================================================= Phase 0 (b1c2d3e4f5a6)
CREATE TABLE _migration_runs (
    id          BIGSERIAL PRIMARY KEY,
    script_name TEXT        NOT NULL,
    ran_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    source_rows BIGINT,
    dest_rows   BIGINT,
    success     BOOLEAN
);

CREATE TABLE crm_products (
    id            TEXT PRIMARY KEY,
    firestore_id  TEXT UNIQUE,
    name          TEXT          NOT NULL,
    sku           TEXT UNIQUE,
    category      TEXT,
    description   TEXT,
    price         NUMERIC(12,2) NOT NULL DEFAULT 0,
    currency      TEXT          NOT NULL DEFAULT 'EUR',
    unit_type     TEXT          NOT NULL DEFAULT 'pcs',
    vat_percent   NUMERIC(5,2)  NOT NULL DEFAULT 24,
    stock_on_hand INTEGER       NOT NULL DEFAULT 0,
    active        BOOLEAN       NOT NULL DEFAULT TRUE,
    photo_url     TEXT,
    created_at    TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX idx_crm_products_category ON crm_products (category, name);

CREATE TABLE crm_customers (
id TEXT PRIMARY KEY, -- keep Firestore UUID as-is
firestore_id TEXT UNIQUE, -- same value during transition, null-able later
title TEXT,
name TEXT NOT NULL,
surname TEXT,
organization TEXT,
religion TEXT,
language TEXT NOT NULL DEFAULT 'el',
folder_id TEXT UNIQUE NOT NULL,
relationship_status TEXT NOT NULL DEFAULT 'lead',
nextcloud_folder TEXT,
contacts JSONB NOT NULL DEFAULT '[]',
notes JSONB NOT NULL DEFAULT '[]',
location JSONB,
tags TEXT[] NOT NULL DEFAULT '{}',
owned_items JSONB NOT NULL DEFAULT '[]',
linked_user_ids TEXT[] NOT NULL DEFAULT '{}',
technical_issues JSONB NOT NULL DEFAULT '[]',
install_support JSONB NOT NULL DEFAULT '[]',
transaction_history JSONB NOT NULL DEFAULT '[]',
crm_summary JSONB,
created_at TIMESTAMPTZ NOT NULL,
updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_crm_customers_rel_status ON crm_customers(relationship_status);
CREATE INDEX idx_crm_customers_tags ON crm_customers USING GIN(tags);
CREATE INDEX idx_crm_customers_name ON crm_customers(name, surname);

CREATE TABLE crm_orders (
id TEXT PRIMARY KEY,
customer_id TEXT NOT NULL REFERENCES crm_customers(id) ON DELETE CASCADE,
order_number TEXT UNIQUE NOT NULL,
title TEXT,
created_by TEXT,
status TEXT NOT NULL DEFAULT 'negotiating',
status_updated_date TIMESTAMPTZ,
status_updated_by TEXT,
items JSONB NOT NULL DEFAULT '[]',
subtotal NUMERIC(12,2) NOT NULL DEFAULT 0,
discount JSONB,
total_price NUMERIC(12,2) NOT NULL DEFAULT 0,
currency TEXT NOT NULL DEFAULT 'EUR',
shipping JSONB,
payment_status JSONB NOT NULL DEFAULT '{}',
invoice_path TEXT,
notes TEXT,
timeline JSONB NOT NULL DEFAULT '[]',
created_at TIMESTAMPTZ NOT NULL,
updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_crm_orders_customer ON crm_orders(customer_id);
CREATE INDEX idx_crm_orders_status ON crm_orders(status);

CREATE TABLE staff (
id TEXT PRIMARY KEY, -- keep Firestore doc ID as-is during transition
firestore_id TEXT UNIQUE, -- same as id during transition
email TEXT UNIQUE NOT NULL,
name TEXT NOT NULL,
role TEXT NOT NULL DEFAULT 'staff',
permissions JSONB NOT NULL DEFAULT '{}',
hashed_password TEXT NOT NULL,
is_active BOOLEAN NOT NULL DEFAULT TRUE,
created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE console_settings (
    key        TEXT PRIMARY KEY,
    value      JSONB       NOT NULL,
    updated_by TEXT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE public_features (
    feature    TEXT PRIMARY KEY,
    enabled    BOOLEAN     NOT NULL DEFAULT FALSE,
    config     JSONB       NOT NULL DEFAULT '{}',
    updated_by TEXT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE crm_comms_log (
    id             TEXT PRIMARY KEY,
    customer_id    TEXT,
    channel        TEXT        NOT NULL,
    direction      TEXT        NOT NULL DEFAULT 'outbound',
    subject        TEXT,
    body           TEXT,
    from_address   TEXT,
    to_addresses   JSONB       NOT NULL DEFAULT '[]',
    attachments    JSONB       NOT NULL DEFAULT '[]',
    ext_message_id TEXT UNIQUE,
    logged_by      TEXT,
    is_important   BOOLEAN     NOT NULL DEFAULT FALSE,
    is_read        BOOLEAN     NOT NULL DEFAULT FALSE,
    occurred_at    TIMESTAMPTZ NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_crm_comms_customer ON crm_comms_log (customer_id, occurred_at DESC);

CREATE TABLE crm_media (
    id             TEXT PRIMARY KEY,
    customer_id    TEXT,
    order_id       TEXT,
    filename       TEXT        NOT NULL,
    nextcloud_path TEXT        NOT NULL,
    mime_type      TEXT,
    direction      TEXT,
    tags           JSONB       NOT NULL DEFAULT '[]',
    uploaded_by    TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_crm_media_customer ON crm_media (customer_id, created_at DESC);

CREATE TABLE crm_sync_state (
    key        TEXT PRIMARY KEY,
    value      JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE crm_quotations (
    id                      TEXT PRIMARY KEY,
    quotation_number        TEXT UNIQUE   NOT NULL,
    customer_id             TEXT,
    title                   TEXT,
    subject                 TEXT,
    status                  TEXT          NOT NULL DEFAULT 'draft',
    language                TEXT          NOT NULL DEFAULT 'el',
    currency                TEXT          NOT NULL DEFAULT 'EUR',
    global_discount_percent NUMERIC(5,2)  NOT NULL DEFAULT 0,
    shipping_cost           NUMERIC(12,2) NOT NULL DEFAULT 0,
    install_cost            NUMERIC(12,2) NOT NULL DEFAULT 0,
    extras_label            TEXT,
    extras_cost             NUMERIC(12,2) NOT NULL DEFAULT 0,
    vat_percent             NUMERIC(5,2)  NOT NULL DEFAULT 24,
    subtotal                NUMERIC(12,2) NOT NULL DEFAULT 0,
    discount_amount         NUMERIC(12,2) NOT NULL DEFAULT 0,
    vat_amount              NUMERIC(12,2) NOT NULL DEFAULT 0,
    total                   NUMERIC(12,2) NOT NULL DEFAULT 0,
    comments                JSONB         NOT NULL DEFAULT '[]',
    client_snapshot         JSONB,
    pdf_path                TEXT,
    created_by              TEXT,
    created_at              TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ   NOT NULL DEFAULT now()
);
ALTER TABLE crm_quotations ADD CONSTRAINT fk_crm_quotations_customer
    FOREIGN KEY (customer_id) REFERENCES crm_customers (id) ON DELETE SET NULL;
CREATE INDEX idx_crm_quotations_customer ON crm_quotations (customer_id);

CREATE TABLE crm_quotation_items (
    id               BIGSERIAL PRIMARY KEY,
    quotation_id     TEXT          NOT NULL REFERENCES crm_quotations (id) ON DELETE CASCADE,
    product_id       TEXT,
    description      TEXT          NOT NULL,
    unit_type        TEXT          NOT NULL DEFAULT 'pcs',
    unit_cost        NUMERIC(12,2) NOT NULL DEFAULT 0,
    discount_percent NUMERIC(5,2)  NOT NULL DEFAULT 0,
    quantity         NUMERIC(12,3) NOT NULL DEFAULT 1,
    vat_percent      NUMERIC(5,2)  NOT NULL DEFAULT 24,
    line_total       NUMERIC(12,2) NOT NULL DEFAULT 0,
    sort_order       INTEGER       NOT NULL DEFAULT 0
);
CREATE INDEX idx_crm_quotation_items_quotation ON crm_quotation_items (quotation_id, sort_order);

CREATE TABLE mfg_audit_log (
    id            BIGSERIAL PRIMARY KEY,
    occurred_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor         TEXT        NOT NULL,
    action        TEXT        NOT NULL,
    serial_number TEXT,
    details       JSONB       NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_mfg_audit_serial ON mfg_audit_log (serial_number, occurred_at DESC);
CREATE INDEX idx_mfg_audit_occurred ON mfg_audit_log (occurred_at DESC);

CREATE TABLE device_alerts (
    id            BIGSERIAL PRIMARY KEY,
    device_serial TEXT        NOT NULL,
    alert_type    TEXT        NOT NULL,
    severity      TEXT        NOT NULL DEFAULT 'warning',
    state         TEXT        NOT NULL DEFAULT 'active',
    message       TEXT,
    details       JSONB       NOT NULL DEFAULT '{}',
    raised_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    cleared_at    TIMESTAMPTZ
);
CREATE INDEX idx_device_alerts_serial_time ON device_alerts (device_serial, raised_at DESC);

CREATE TABLE commands (
    id            BIGSERIAL PRIMARY KEY,
    device_serial TEXT        NOT NULL,
    command_name  TEXT        NOT NULL,
    params        JSONB       NOT NULL DEFAULT '{}',
    status        TEXT        NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sent', 'acked', 'failed', 'timed_out')),
    response      JSONB,
    sent_by       TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at       TIMESTAMPTZ,
    acked_at      TIMESTAMPTZ
);
CREATE INDEX idx_commands_serial_time ON commands (device_serial, created_at DESC);
CREATE INDEX idx_commands_open ON commands (status, created_at) WHERE status IN ('pending', 'sent');

CREATE TABLE heartbeats (
    id               BIGSERIAL PRIMARY KEY,
    device_serial    TEXT        NOT NULL,
    firmware_version TEXT,
    hardware_type    TEXT,
    ip_address       TEXT,
    uptime_seconds   BIGINT,
    signal_rssi      INTEGER,
    free_memory      BIGINT,
    payload          JSONB       NOT NULL DEFAULT '{}',
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_heartbeats_serial_time ON heartbeats (device_serial, received_at DESC);

CREATE TABLE melody_drafts (
    id           TEXT PRIMARY KEY,
    name         TEXT        NOT NULL,
    pid          TEXT,
    status       TEXT        NOT NULL DEFAULT 'draft',
    data         JSONB       NOT NULL DEFAULT '{}',
    created_by   TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE built_melodies (
    id                  TEXT PRIMARY KEY,
    name                TEXT        NOT NULL,
    pid                 TEXT,
    steps               JSONB       NOT NULL DEFAULT '[]',
    binary_path         TEXT,
    progmem_code        TEXT,
    assigned_melody_ids JSONB       NOT NULL DEFAULT '[]',
    is_builtin          BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE device_logs (
id BIGSERIAL,
device_serial TEXT NOT NULL,
level TEXT NOT NULL,
message TEXT NOT NULL,
device_timestamp BIGINT,
received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);
CREATE INDEX idx_device_logs_serial_time ON device_logs(device_serial, received_at DESC);
CREATE INDEX idx_device_logs_level ON device_logs(level, received_at DESC);

CREATE TABLE audit_log (
id BIGSERIAL PRIMARY KEY,
occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
actor_id TEXT NOT NULL,
actor_name TEXT NOT NULL,
action TEXT NOT NULL, -- CREATE | UPDATE | DELETE | COMMAND | LOGIN | LOGOUT | etc.
entity_type TEXT NOT NULL, -- customer | order | device | melody | product | staff | ticket | note | quotation | etc.
entity_id TEXT NOT NULL,
entity_label TEXT, -- denormalized human name: "Church of St. George", "SN-0042", etc.
changes JSONB, -- {"field": {"old": x, "new": y}, ...} — null for CREATE/DELETE/COMMAND
meta JSONB -- extra context: ip_address, command_name, etc.
);
-- Indexes covering the exact filter combos we need:
CREATE INDEX idx_audit_actor ON audit_log(actor_id, occurred_at DESC);
CREATE INDEX idx_audit_entity ON audit_log(entity_type, entity_id, occurred_at DESC);
CREATE INDEX idx_audit_action ON audit_log(action, occurred_at DESC);
CREATE INDEX idx_audit_occurred ON audit_log(occurred_at DESC);

-- ======================================================================= Phase 3 (c2d3e4f5a6b7)
ALTER TABLE staff ADD COLUMN ui_prefs JSONB;
ALTER TABLE staff ALTER COLUMN permissions DROP NOT NULL;

INSERT INTO alembic_version (version_num) VALUES ('c2d3e4f5a6b7');

-- ======================================================================= partitions and data
-- Partitions for the months that had logs, as in the plan's example.
CREATE TABLE device_logs_2026_03 PARTITION OF device_logs
FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
CREATE TABLE device_logs_2026_04 PARTITION OF device_logs
FOR VALUES FROM ('2026-04-01') TO ('2026-05-01');

INSERT INTO entries (id, entry_type, title, body, status, priority, tags, created_by, created_at, updated_at) VALUES
    ('7f0c1c3e-0001-4c1a-9d0e-000000000001', 'issue', 'Bell 3 strikes late', 'Tower in Kifisia, ~2 s delay', 'open', 'high', '{tower,timing}', 'staff-1', '2026-02-10 08:00:00+00', '2026-02-11 09:30:00+00'),
    ('7f0c1c3e-0001-4c1a-9d0e-000000000002', 'note', 'Ask about the winter service', NULL, 'open', 'normal', '{}', 'staff-2', '2026-03-01 10:00:00+00', '2026-03-01 10:00:00+00');
INSERT INTO entry_links (id, entry_id, linked_type, linked_id, created_at) VALUES
    (1, '7f0c1c3e-0001-4c1a-9d0e-000000000001', 'device', 'SN-0042', '2026-02-10 08:01:00+00'),
    (2, '7f0c1c3e-0001-4c1a-9d0e-000000000001', 'customer', 'cust-1', '2026-02-10 08:01:00+00');
SELECT setval('entry_links_id_seq', 2);
INSERT INTO support_tickets (id, subject, status, priority, customer_id, device_serial, requester_name, requester_email, created_at, updated_at) VALUES
    ('5a1d0000-0000-4000-8000-000000000001', 'Controller offline since Sunday', 'open', 'high', 'cust-1', 'SN-0042', 'Fr. Nikolaos', 'nikolaos@example.org', '2026-04-12 07:00:00+00', '2026-04-12 07:20:00+00');
INSERT INTO ticket_messages (id, ticket_id, author_id, author_name, body, internal, attachments, created_at) VALUES
    (1, '5a1d0000-0000-4000-8000-000000000001', NULL, 'Fr. Nikolaos', 'The panel shows a red light.', FALSE, '[]', '2026-04-12 07:00:00+00'),
    (2, '5a1d0000-0000-4000-8000-000000000001', 'staff-2', 'Maria P.', 'Asked for a photo of the panel.', TRUE, '[{"name": "panel.jpg"}]', '2026-04-12 07:20:00+00');
SELECT setval('ticket_messages_id_seq', 2);

-- Phase 1 (SQLite), 2026-04-17: legacy ids kept.
INSERT INTO melody_drafts (id, name, pid, status, data, created_by, created_at, updated_at) VALUES
    ('md-1', 'Christos Anesti', 'P-100', 'draft', '{"tempo": 90, "notes": [1, 3, 5]}', 'staff-1', '2025-12-01 12:00:00+00', '2026-01-05 12:00:00+00');
INSERT INTO built_melodies (id, name, pid, steps, binary_path, progmem_code, assigned_melody_ids, is_builtin, created_at, updated_at) VALUES
    ('bm-1', 'Funeral toll', 'P-7', '[{"bell": 1, "ms": 4000}]', '/data/melodies/bm-1.bin', 'const uint8_t m[] PROGMEM = {1};', '["md-1"]', TRUE, '2025-11-01 09:00:00+00', '2025-11-01 09:00:00+00');
INSERT INTO mfg_audit_log (id, occurred_at, actor, action, serial_number, details) VALUES
    (1, '2026-01-20 14:00:00+00', 'factory', 'flash', 'SN-0042', '{"firmware": "2.3.1"}'),
    (2, '2026-01-20 14:05:00+00', 'factory', 'qc_pass', 'SN-0042', '{}');
INSERT INTO device_alerts (id, device_serial, alert_type, severity, state, message, details, raised_at, cleared_at) VALUES
    (1, 'SN-0042', 'motor_overcurrent', 'critical', 'cleared', 'Motor 2 over current', '{"amps": 7.5}', '2026-03-15 03:00:00+00', '2026-03-15 03:10:00+00');
INSERT INTO crm_sync_state (key, value, updated_at) VALUES
    ('mail_last_uid', '{"uid": 18342}', '2026-04-16 23:59:00+00');
INSERT INTO crm_customers (id, firestore_id, title, name, surname, organization, religion, language, folder_id, relationship_status, contacts, notes, location, tags, owned_items, linked_user_ids, crm_summary, created_at, updated_at) VALUES
    ('cust-1', 'cust-1', 'Fr.', 'Nikolaos', 'Papadopoulos', 'Agios Dimitrios, Kifisia', 'orthodox', 'el', 'F-0001', 'customer',
     '[{"type": "email", "value": "nikolaos@example.org"}]', '[{"text": "Prefers calls after 10"}]', '{"lat": 38.07, "lng": 23.81}',
     '{church,athens}', '[{"serial": "SN-0042"}]', '{uid-9}', '{"orders": 1}', '2024-05-01 10:00:00+00', '2026-04-01 10:00:00+00'),
    ('cust-2', 'cust-2', NULL, 'Ελένη', 'Γεωργίου', NULL, NULL, 'el', 'F-0002', 'lead', '[]', '[]', NULL, '{}', '[]', '{}', NULL, '2025-09-09 09:09:09+00', '2025-09-09 09:09:09+00');
INSERT INTO crm_quotations (id, quotation_number, customer_id, title, status, subtotal, vat_amount, total, comments, client_snapshot, created_by, created_at, updated_at) VALUES
    ('q-1', 'Q-2026-001', 'cust-1', 'Second bell motor', 'sent', 1200.00, 288.00, 1488.00, '[]', '{"name": "Nikolaos"}', 'staff-1', '2026-02-01 10:00:00+00', '2026-02-02 10:00:00+00');
INSERT INTO crm_quotation_items (id, quotation_id, product_id, description, unit_cost, quantity, line_total, sort_order) VALUES
    (1, 'q-1', 'prod-1', 'Motor kit', 1100.00, 1, 1100.00, 0),
    (2, 'q-1', NULL, 'Installation', 100.00, 1, 100.00, 1);
INSERT INTO crm_media (id, customer_id, order_id, filename, nextcloud_path, mime_type, direction, tags, uploaded_by, created_at) VALUES
    ('media-1', 'cust-1', 'ord-1', 'tower.jpg', '/CRM/F-0001/tower.jpg', 'image/jpeg', 'inbound', '["photo"]', 'staff-2', '2026-03-02 11:00:00+00');
INSERT INTO crm_comms_log (id, customer_id, channel, direction, subject, body, from_address, to_addresses, attachments, ext_message_id, logged_by, is_important, is_read, occurred_at, created_at) VALUES
    ('comm-1', 'cust-1', 'email', 'inbound', 'Bell delay', 'Bell 3 strikes late again.', 'nikolaos@example.org', '["office@example.com"]', '[]', '<m1@example.org>', NULL, TRUE, TRUE, '2026-02-10 07:55:00+00', '2026-02-10 07:56:00+00');
INSERT INTO commands (id, device_serial, command_name, params, status, response, sent_by, created_at, sent_at, acked_at) VALUES
    (1, 'SN-0042', 'ring', '{"melody": "bm-1"}', 'acked', '{"ok": true}', 'staff-1', '2026-04-10 08:00:00+00', '2026-04-10 08:00:01+00', '2026-04-10 08:00:02+00'),
    (2, 'SN-0042', 'reboot', '{}', 'pending', NULL, 'staff-2', '2026-04-16 20:00:00+00', NULL, NULL);
INSERT INTO heartbeats (id, device_serial, firmware_version, hardware_type, ip_address, uptime_seconds, signal_rssi, free_memory, payload, received_at) VALUES
    (1, 'SN-0042', '2.3.1', 'bell-ctl', '10.0.0.42', 86400, -61, 120000, '{"temp": 31.5}', '2026-04-16 23:00:00+00'),
    (2, 'SN-0043', '2.3.0', 'bell-ctl', NULL, 50, NULL, NULL, '{}', '2026-04-16 23:01:00+00');
INSERT INTO device_logs (id, device_serial, level, message, device_timestamp, received_at) VALUES
    (1, 'SN-0042', 'info', 'boot', 1710460800, '2026-03-15 00:00:00+00'),
    (2, 'SN-0042', 'error', 'motor 2 over current', 1710471600, '2026-03-15 03:00:00+00'),
    (3, 'SN-0043', 'warn', 'ntp drift 2 s', NULL, '2026-04-16 22:00:00+00');

-- Phase 2 (Firestore), 2026-04-17.
INSERT INTO console_settings (key, value, updated_by, updated_at) VALUES
    ('company', '{"name": "BellSystems", "vat": "EL123"}', 'staff-1', '2026-04-17 10:00:00+00'),
    ('heartbeat_timeout_s', '300', NULL, '2026-04-17 10:00:00+00');
INSERT INTO public_features (feature, enabled, config, updated_by, updated_at) VALUES
    ('melody_store', TRUE, '{"max": 20}', 'staff-1', '2026-04-17 10:00:00+00');
INSERT INTO crm_products (id, firestore_id, name, sku, category, description, price, currency, unit_type, vat_percent, stock_on_hand, active, created_at, updated_at) VALUES
    ('prod-1', 'prod-1', 'Motor kit', 'MK-2', 'motors', 'Second-generation motor kit', 1100.00, 'EUR', 'pcs', 24.00, 4, TRUE, '2025-01-01 00:00:00+00', '2026-03-01 00:00:00+00');
INSERT INTO crm_orders (id, customer_id, order_number, title, created_by, status, items, subtotal, total_price, currency, payment_status, notes, timeline, created_at, updated_at) VALUES
    ('ord-1', 'cust-1', 'ORD-2026-0001', 'Motor replacement', 'staff-1', 'completed', '[{"product_id": "prod-1", "qty": 1}]', 1200.00, 1488.00, 'EUR',
     '{"paid": true}', 'Paid by bank transfer', '[{"at": "2026-03-01", "status": "completed"}]', '2026-02-20 10:00:00+00', '2026-03-01 10:00:00+00');

-- Phase 3 (staff), 2026-04-17; ui_prefs written by the old backend since.
INSERT INTO staff (id, firestore_id, email, name, role, permissions, hashed_password, is_active, created_at, updated_at, ui_prefs) VALUES
    ('staff-1', 'staff-1', 'admin@example.com', 'Admin', 'sysadmin', NULL, '$2b$12$abcdefghijklmnopqrstuuJ6u0bX5bq3K0Ykq5K3gq8f0Kq0b3b1y', TRUE, '2024-01-01 00:00:00+00', '2026-04-17 12:00:00+00', '{"theme": "dark"}'),
    ('staff-2', 'staff-2', 'maria@example.com', 'Maria P.', 'staff', '{"crm": {"view": true, "edit": true}}', '$2b$12$abcdefghijklmnopqrstuuO1f2c3d4e5f6g7h8i9j0k1l2m3n4o5', TRUE, '2024-06-01 00:00:00+00', '2026-04-17 12:00:00+00', NULL);

-- Phase 4 has not started, but the audit table exists; one row written by hand during testing.
INSERT INTO audit_log (id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, entity_label, changes, meta) VALUES
    (1, '2026-04-17 12:30:00+00', 'staff-1', 'Admin', 'LOGIN', 'staff', 'staff-1', 'Admin', NULL, '{"ip_address": "10.0.0.1"}');

-- The run log of the scripts above (the plan's verify query reads these columns).
INSERT INTO _migration_runs (id, script_name, ran_at, source_rows, dest_rows, success) VALUES
    (1, 'melody_drafts', '2026-04-17 09:00:00+00', 1, 1, TRUE),
    (2, 'crm_quotations', '2026-04-17 09:05:00+00', 1, 1, TRUE),
    (3, 'device_logs', '2026-04-17 09:30:00+00', 3, 3, TRUE),
    (4, 'crm_customers', '2026-04-17 10:10:00+00', 2, 2, TRUE),
    (5, 'staff', '2026-04-17 12:00:00+00', 2, 2, TRUE);
