-- The legacy SQLite contract: the 12 tables Phase 1 reads, as the old Python/aiosqlite backend
-- created them (docs/legacy-sqlite.md explains every column and the messy values it may hold).
-- Ids are INTEGER autoincrement or TEXT; times are TEXT or epoch numbers; JSON is TEXT;
-- booleans are 0/1; money is REAL. Column names are the Postgres column names.

CREATE TABLE IF NOT EXISTS melody_drafts (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    pid         TEXT,
    status      TEXT DEFAULT 'draft',
    data        TEXT,                -- JSON object
    created_by  TEXT,
    created_at  TEXT,
    updated_at  TEXT
);

CREATE TABLE IF NOT EXISTS built_melodies (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    pid                 TEXT,
    steps               TEXT,        -- JSON array
    binary_path         TEXT,
    progmem_code        TEXT,
    assigned_melody_ids TEXT,        -- JSON array
    is_builtin          INTEGER DEFAULT 0,
    created_at          TEXT,
    updated_at          TEXT
);

CREATE TABLE IF NOT EXISTS mfg_audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at   TEXT,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    serial_number TEXT,
    details       TEXT               -- JSON object
);

CREATE TABLE IF NOT EXISTS device_alerts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    device_serial TEXT NOT NULL,
    alert_type    TEXT NOT NULL,
    severity      TEXT DEFAULT 'warning',
    state         TEXT DEFAULT 'active',
    message       TEXT,
    details       TEXT,              -- JSON object
    raised_at     TEXT,
    cleared_at    TEXT
);

CREATE TABLE IF NOT EXISTS crm_sync_state (
    key        TEXT PRIMARY KEY,
    value      TEXT,                 -- JSON, or a plain string from older writers
    updated_at TEXT
);

CREATE TABLE IF NOT EXISTS crm_quotations (
    id                      TEXT PRIMARY KEY,
    quotation_number        TEXT UNIQUE NOT NULL,
    customer_id             TEXT,
    title                   TEXT,
    subject                 TEXT,
    status                  TEXT DEFAULT 'draft',
    language                TEXT DEFAULT 'el',
    currency                TEXT DEFAULT 'EUR',
    global_discount_percent REAL DEFAULT 0,
    shipping_cost           REAL DEFAULT 0,
    install_cost            REAL DEFAULT 0,
    extras_label            TEXT,
    extras_cost             REAL DEFAULT 0,
    vat_percent             REAL DEFAULT 24,
    subtotal                REAL DEFAULT 0,
    discount_amount         REAL DEFAULT 0,
    vat_amount              REAL DEFAULT 0,
    total                   REAL DEFAULT 0,
    comments                TEXT,    -- JSON array
    client_snapshot         TEXT,    -- JSON object
    pdf_path                TEXT,
    created_by              TEXT,
    created_at              TEXT,
    updated_at              TEXT
);

CREATE TABLE IF NOT EXISTS crm_quotation_items (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    quotation_id     TEXT NOT NULL REFERENCES crm_quotations (id) ON DELETE CASCADE,
    product_id       TEXT,
    description      TEXT NOT NULL,
    unit_type        TEXT DEFAULT 'pcs',
    unit_cost        REAL DEFAULT 0,
    discount_percent REAL DEFAULT 0,
    quantity         REAL DEFAULT 1,
    vat_percent      REAL DEFAULT 24,
    line_total       REAL DEFAULT 0,
    sort_order       INTEGER DEFAULT 0
);

CREATE TABLE IF NOT EXISTS crm_media (
    id             TEXT PRIMARY KEY,
    customer_id    TEXT,
    order_id       TEXT,
    filename       TEXT NOT NULL,
    nextcloud_path TEXT NOT NULL,
    mime_type      TEXT,
    direction      TEXT,
    tags           TEXT,             -- JSON array
    uploaded_by    TEXT,
    created_at     TEXT
);

CREATE TABLE IF NOT EXISTS crm_comms_log (
    id             TEXT PRIMARY KEY,
    customer_id    TEXT,
    channel        TEXT NOT NULL,
    direction      TEXT DEFAULT 'outbound',
    subject        TEXT,
    body           TEXT,
    from_address   TEXT,
    to_addresses   TEXT,             -- JSON array
    attachments    TEXT,             -- JSON array
    ext_message_id TEXT UNIQUE,
    logged_by      TEXT,
    is_important   INTEGER DEFAULT 0,
    is_read        INTEGER DEFAULT 0,
    occurred_at    TEXT,
    created_at     TEXT
);

CREATE TABLE IF NOT EXISTS commands (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    device_serial TEXT NOT NULL,
    command_name  TEXT NOT NULL,
    params        TEXT,              -- JSON object
    status        TEXT DEFAULT 'pending',
    response      TEXT,              -- JSON, NULL until the device answers
    sent_by       TEXT,
    created_at    TEXT,
    sent_at       TEXT,
    acked_at      TEXT
);

CREATE TABLE IF NOT EXISTS heartbeats (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    device_serial    TEXT NOT NULL,
    firmware_version TEXT,
    hardware_type    TEXT,
    ip_address       TEXT,
    uptime_seconds   INTEGER,
    signal_rssi      INTEGER,
    free_memory      INTEGER,
    payload          TEXT,           -- JSON object, the whole heartbeat message
    received_at      TEXT
);

CREATE TABLE IF NOT EXISTS device_logs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    device_serial    TEXT NOT NULL,
    level            TEXT NOT NULL,
    message          TEXT NOT NULL,
    device_timestamp INTEGER,        -- the device's own clock, epoch ms
    received_at      TEXT            -- when the backend received it
);
