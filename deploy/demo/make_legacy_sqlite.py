#!/usr/bin/env python3
"""Writes a sample legacy SQLite file in the Phase 1 source contract
(migration-service/src/main/resources/legacy/legacy-schema.sql), with the messy values real files
hold: every time format, '' / 'null' / NULL JSON, Greek text. Used by `bin/start --demo`, the
end-to-end test and the operator page's browser test.

    make_legacy_sqlite.py OUT.db [--device-logs N] [--rows N]
"""
import argparse
import json
import os
import random
import sqlite3
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
CONTRACT = os.path.join(HERE, "..", "..", "migration-service", "src", "main", "resources", "legacy", "legacy-schema.sql")
GREEK = ["Ιερός Ναός Αγίου Γεωργίου", "Καμπαναριό Αγίας Τριάδος", "Μονή Παναγίας", "Ενορία Αγίου Νικολάου"]
LEVELS = ["debug", "info", "warning", "error"]


def messy_time(rnd, t):
    """One instant written the ways the old code (and hand edits) wrote it."""
    kind = rnd.randrange(5)
    if kind == 0:
        return t.strftime("%Y-%m-%d %H:%M:%S")                       # naive = UTC
    if kind == 1:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    if kind == 2:
        return t.astimezone(timezone(timedelta(hours=2))).isoformat(timespec="microseconds")
    if kind == 3:
        return int(t.timestamp())                                    # epoch seconds
    return int(t.timestamp() * 1000)                                 # epoch milliseconds


def messy_array(rnd, values):
    return rnd.choice(["", "null", None, json.dumps(values, ensure_ascii=False)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=25, help="rows per small table")
    ap.add_argument("--device-logs", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    if os.path.exists(a.out):
        os.remove(a.out)
    db = sqlite3.connect(a.out)
    with open(CONTRACT, encoding="utf-8") as f:
        db.executescript(f.read())
    now = datetime.now(timezone.utc).replace(microsecond=0)
    t = lambda days: now - timedelta(days=days, seconds=rnd.randrange(86400))
    n = a.rows
    serials = [f"BS-{1000 + i}" for i in range(8)]

    for i in range(n):
        db.execute("INSERT INTO melody_drafts VALUES (?,?,?,?,?,?,?,?)",
                   (f"draft-{i}", f"Μελωδία {i}", f"pid-{i}", "draft", json.dumps({"bpm": 60 + i, "notes": [1, 2, 3]}),
                    "staff-1", messy_time(rnd, t(40)), messy_time(rnd, t(10))))
        db.execute("INSERT INTO built_melodies VALUES (?,?,?,?,?,?,?,?,?,?)",
                   (f"built-{i}", f"Built {i}", f"pid-{i}", messy_array(rnd, [{"bell": 1, "ms": 250}]), f"/bin/{i}.bin",
                    "const uint8_t m[] = {1,2};", messy_array(rnd, [f"draft-{i}"]), i % 2, messy_time(rnd, t(30)), messy_time(rnd, t(5))))
        db.execute("INSERT INTO mfg_audit_log (occurred_at, actor, action, serial_number, details) VALUES (?,?,?,?,?)",
                   (messy_time(rnd, t(60)), "factory", rnd.choice(["flash", "test", "ship"]), rnd.choice(serials),
                    rnd.choice([None, "", json.dumps({"station": i})])))
        db.execute("INSERT INTO device_alerts (device_serial, alert_type, severity, state, message, details, raised_at, cleared_at) VALUES (?,?,?,?,?,?,?,?)",
                   (rnd.choice(serials), "motor", "warning", "active", "Κινητήρας υπερθέρμανση", json.dumps({"temp": 70 + i}),
                    messy_time(rnd, t(3)), None))
        db.execute("INSERT INTO crm_sync_state VALUES (?,?,?)",
                   (f"sync-{i}", rnd.choice([json.dumps({"cursor": i}), f"plain-{i}"]), messy_time(rnd, t(1))))
        db.execute("INSERT INTO crm_quotations (id, quotation_number, customer_id, title, subject, subtotal, vat_amount, total, comments, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                   (f"q-{i}", f"Q-2025-{i:04d}", f"cust-{i % 5}", rnd.choice(GREEK), "Προσφορά καμπάνας", 1000.0 + i,
                    240.0, 1240.0 + i, messy_array(rnd, ["ok"]), messy_time(rnd, t(90)), messy_time(rnd, t(20))))
        db.execute("INSERT INTO crm_quotation_items (quotation_id, description, unit_cost, quantity, line_total, sort_order) VALUES (?,?,?,?,?,?)",
                   (f"q-{i}", "Καμπάνα 120 kg", 1000.0 + i, 1, 1000.0 + i, 0))
        db.execute("INSERT INTO crm_media VALUES (?,?,?,?,?,?,?,?,?,?)",
                   (f"m-{i}", f"cust-{i % 5}", None, f"photo-{i}.jpg", f"/crm/cust-{i % 5}/photo-{i}.jpg", "image/jpeg",
                    "inbound", messy_array(rnd, ["site"]), "staff-1", messy_time(rnd, t(15))))
        db.execute("INSERT INTO crm_comms_log VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (f"c-{i}", f"cust-{i % 5}", rnd.choice(["email", "call", "whatsapp"]), "outbound", "Re: προσφορά",
                    "Καλημέρα σας,\nσας στέλνουμε την προσφορά.", "office@bellsystems.gr", messy_array(rnd, ["priest@example.gr"]),
                    messy_array(rnd, []), f"<msg-{i}@bellsystems.gr>", "staff-1", i % 2, 1, messy_time(rnd, t(12)), messy_time(rnd, t(12))))
        db.execute("INSERT INTO commands (device_serial, command_name, params, status, sent_by, created_at) VALUES (?,?,?,?,?,?)",
                   (rnd.choice(serials), "ring", json.dumps({"melody": i}), "acked", "staff-1", messy_time(rnd, t(7))))
        db.execute("INSERT INTO heartbeats (device_serial, firmware_version, hardware_type, ip_address, uptime_seconds, signal_rssi, free_memory, payload, received_at) VALUES (?,?,?,?,?,?,?,?,?)",
                   (rnd.choice(serials), "2.4.1", "BS-CTRL-V3", "10.0.0.5", 3600 * i, -60 - i % 20, 120000,
                    json.dumps({"uptime": 3600 * i}), messy_time(rnd, t(2))))

    rows = []
    for i in range(a.device_logs):
        at = now - timedelta(seconds=rnd.randrange(60 * 86400))   # the last ~2 months: several partitions
        rows.append((rnd.choice(serials), rnd.choice(LEVELS), f"log {i}: κατάσταση OK", int(at.timestamp() * 1000), messy_time(rnd, at)))
    db.executemany("INSERT INTO device_logs (device_serial, level, message, device_timestamp, received_at) VALUES (?,?,?,?,?)", rows)
    db.commit()
    db.close()
    print(f"wrote {a.out}: {n} rows per small table, {a.device_logs} device_logs")


if __name__ == "__main__":
    main()
