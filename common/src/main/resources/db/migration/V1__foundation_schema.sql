-- The baseline: the schema the old Python backend's Alembic history left on the production
-- Postgres after Phases 0-3 (docs/migration-strategy.txt: Phase 0 revision b1c2d3e4f5a6, then
-- Phase 3's revision adding staff.ui_prefs and making staff.permissions nullable). A database
-- adopted from Alembic is baselined at this version and never runs it; everything bellsys adds
-- lives in V2 and later, written to be additive on such a database (docs/schema.md, "Baseline").
-- THIS FILE IS FROZEN: its result is db/baseline/alembic-phase3.schema, which start-up compares
-- a live Alembic database against before adopting it. Change the schema in a new migration.
--
-- Tables the plan writes out in full (device_logs, crm_customers, crm_orders, staff, audit_log)
-- are its DDL verbatim; the others mirror the legacy SQLite/Firestore shapes as the plan describes
-- them. Every time is TIMESTAMPTZ, every structured value JSONB.

-- ---------------------------------------------------------------- migration bookkeeping
-- The columns the plan's verify query reads (script_name, ran_at, source_rows, dest_rows, success);
-- bellsys's run timing is V2.
CREATE TABLE _migration_runs (
    id          BIGSERIAL PRIMARY KEY,
    script_name TEXT        NOT NULL,
    ran_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    source_rows BIGINT,
    dest_rows   BIGINT,
    success     BOOLEAN
);

-- ---------------------------------------------------------------- device data (Phase 5)
-- Monthly partitions were created by the old backend (or by V3's function on a fresh database).
CREATE TABLE device_logs (
    id               BIGSERIAL,
    device_serial    TEXT        NOT NULL,
    level            TEXT        NOT NULL,
    message          TEXT        NOT NULL,
    device_timestamp BIGINT,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);
CREATE INDEX idx_device_logs_serial_time ON device_logs (device_serial, received_at DESC);
CREATE INDEX idx_device_logs_level ON device_logs (level, received_at DESC);

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

-- ---------------------------------------------------------------- melodies
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

-- ---------------------------------------------------------------- CRM
CREATE TABLE crm_customers (
    id                  TEXT PRIMARY KEY,
    firestore_id        TEXT UNIQUE,
    title               TEXT,
    name                TEXT        NOT NULL,
    surname             TEXT,
    organization        TEXT,
    religion            TEXT,
    language            TEXT        NOT NULL DEFAULT 'el',
    folder_id           TEXT UNIQUE NOT NULL,
    relationship_status TEXT        NOT NULL DEFAULT 'lead',
    nextcloud_folder    TEXT,
    contacts            JSONB       NOT NULL DEFAULT '[]',
    notes               JSONB       NOT NULL DEFAULT '[]',
    location            JSONB,
    tags                TEXT[]      NOT NULL DEFAULT '{}',
    owned_items         JSONB       NOT NULL DEFAULT '[]',
    linked_user_ids     TEXT[]      NOT NULL DEFAULT '{}',
    technical_issues    JSONB       NOT NULL DEFAULT '[]',
    install_support     JSONB       NOT NULL DEFAULT '[]',
    transaction_history JSONB       NOT NULL DEFAULT '[]',
    crm_summary         JSONB,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_crm_customers_rel_status ON crm_customers (relationship_status);
CREATE INDEX idx_crm_customers_tags ON crm_customers USING GIN (tags);
CREATE INDEX idx_crm_customers_name ON crm_customers (name, surname);

CREATE TABLE crm_orders (
    id                  TEXT PRIMARY KEY,
    customer_id         TEXT        NOT NULL REFERENCES crm_customers (id) ON DELETE CASCADE,
    order_number        TEXT UNIQUE NOT NULL,
    title               TEXT,
    created_by          TEXT,
    status              TEXT        NOT NULL DEFAULT 'negotiating',
    status_updated_date TIMESTAMPTZ,
    status_updated_by   TEXT,
    items               JSONB         NOT NULL DEFAULT '[]',
    subtotal            NUMERIC(12,2) NOT NULL DEFAULT 0,
    discount            JSONB,
    total_price         NUMERIC(12,2) NOT NULL DEFAULT 0,
    currency            TEXT        NOT NULL DEFAULT 'EUR',
    shipping            JSONB,
    payment_status      JSONB       NOT NULL DEFAULT '{}',
    invoice_path        TEXT,
    notes               TEXT,
    timeline            JSONB       NOT NULL DEFAULT '[]',
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_crm_orders_customer ON crm_orders (customer_id);
CREATE INDEX idx_crm_orders_status ON crm_orders (status);

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

-- Quotations arrive from SQLite (Phase 1) before their customers arrive from Firestore (Phase 2).
-- The foreign key is declared NOT VALID: the Phase 1 job drops and re-adds it NOT VALID around its
-- load, and the Phase 2 crm_customers job runs VALIDATE CONSTRAINT once customers exist.
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
    FOREIGN KEY (customer_id) REFERENCES crm_customers (id) ON DELETE SET NULL NOT VALID;
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

-- Comms and media rows are history: they keep the customer id they were logged against even if
-- the customer is later removed, so they carry no foreign key.
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

-- ---------------------------------------------------------------- staff and configuration
CREATE TABLE staff (
    id              TEXT PRIMARY KEY,
    firestore_id    TEXT UNIQUE,
    email           TEXT UNIQUE NOT NULL,
    name            TEXT        NOT NULL,
    role            TEXT        NOT NULL DEFAULT 'staff',
    permissions     JSONB       NOT NULL DEFAULT '{}',
    hashed_password TEXT        NOT NULL,
    is_active       BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Phase 3's revision, as Alembic applied it (so ui_prefs is the last column): null permissions =
-- the role's defaults.
ALTER TABLE staff ADD COLUMN ui_prefs JSONB;
ALTER TABLE staff ALTER COLUMN permissions DROP NOT NULL;

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

-- ---------------------------------------------------------------- notes/issues and tickets (existing)
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

-- ---------------------------------------------------------------- staff audit log (Phase 4)
CREATE TABLE audit_log (
    id           BIGSERIAL PRIMARY KEY,
    occurred_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_id     TEXT        NOT NULL,
    actor_name   TEXT        NOT NULL,
    action       TEXT        NOT NULL,
    entity_type  TEXT        NOT NULL,
    entity_id    TEXT        NOT NULL,
    entity_label TEXT,
    changes      JSONB,
    meta         JSONB
);
CREATE INDEX idx_audit_actor ON audit_log (actor_id, occurred_at DESC);
CREATE INDEX idx_audit_entity ON audit_log (entity_type, entity_id, occurred_at DESC);
CREATE INDEX idx_audit_action ON audit_log (action, occurred_at DESC);
CREATE INDEX idx_audit_occurred ON audit_log (occurred_at DESC);
