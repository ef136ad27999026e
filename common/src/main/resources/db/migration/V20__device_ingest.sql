-- device-ingest-service (Phase 5): what the MQTT ingest needs beyond V1.

-- Redelivery dedupe. Every ingested row carries a 64-bit hash of its MQTT topic and payload. A
-- message the broker redelivers (DUP flag set: it was sent before and not acknowledged, e.g. the
-- service crashed between COMMIT and PUBACK) is inserted only if no row with the same device and
-- hash was received within the dedupe window. First deliveries (DUP clear) never pay for the check.
ALTER TABLE device_logs   ADD COLUMN msg_hash BIGINT;
ALTER TABLE heartbeats    ADD COLUMN msg_hash BIGINT;
ALTER TABLE device_alerts ADD COLUMN msg_hash BIGINT;

-- An alert "cleared" message closes the device's open alerts of that type.
CREATE INDEX idx_device_alerts_open ON device_alerts (device_serial, alert_type) WHERE state = 'active';

