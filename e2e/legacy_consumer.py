#!/usr/bin/python3
"""A stand-in for the old Python backend's MQTT consumer (Phase 5 test, e2e/mqtt-switch.sh).

It does what the old backend does with the device stream: subscribes to the device topics at
QoS 1 and writes each message into the legacy SQLite file (device_logs, heartbeats; a
commands/ack moves the legacy command it names), one commit per message, and acknowledges the
message only after that commit (paho 1.x sends the PUBACK after on_message returns). The one
change Phase 5 asks of the old backend: its subscriptions go through the shared group
device-ingest-service uses ($share/<group>/...), so the broker hands each message to one of them.

SIGTERM makes it leave the group the way docs/cutover.md says: UNSUBSCRIBE, then keep consuming
until nothing has arrived for --drain seconds (what the broker had already assigned to it), then a
clean DISCONNECT (clean session: nothing is left waiting in a session). It prints a JSON summary.

usage: legacy_consumer.py --port P --user U --password PW --prefix PFX --group G --sqlite FILE
"""
import argparse
import json
import signal
import sqlite3
import sys
import threading
import time
from datetime import datetime, timezone

import paho.mqtt.client as mqtt

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--user", required=True)
ap.add_argument("--password", required=True)
ap.add_argument("--prefix", required=True)
ap.add_argument("--group", required=True)
ap.add_argument("--sqlite", required=True)
ap.add_argument("--client-id", default="legacy-backend")
ap.add_argument("--drain", type=float, default=2.0)
args = ap.parse_args()

KINDS = ("logs", "heartbeat", "commands/ack")
topics = [(f"$share/{args.group}/{args.prefix}/devices/+/{k}", 1) for k in KINDS]

db = sqlite3.connect(args.sqlite, timeout=60, check_same_thread=False, isolation_level=None)
# WAL: the migration's catch-up reads a snapshot while this keeps writing (docs/cutover.md)
db.execute("PRAGMA journal_mode=WAL")

stats = {"logs": 0, "heartbeats": 0, "acks": 0, "rejected": 0, "after_unsubscribe": 0}
last_message = time.monotonic()
subscribed = threading.Event()
unsubscribed = threading.Event()
leaving = threading.Event()


def now_text():
    # the old backend's received_at: naive UTC text
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def store(topic, payload):
    parts = topic.split("/")
    serial, kind = parts[-2], parts[-1]
    if parts[-2] == "commands" and kind == "ack":
        serial, kind = parts[-3], "commands/ack"
    msg = json.loads(payload)
    if kind == "logs":
        db.execute("INSERT INTO device_logs (device_serial, level, message, device_timestamp, received_at) VALUES (?,?,?,?,?)",
                   (serial, msg["level"], msg["message"], msg.get("ts"), now_text()))
        stats["logs"] += 1
    elif kind == "heartbeat":
        db.execute("INSERT INTO heartbeats (device_serial, firmware_version, hardware_type, ip_address, uptime_seconds,"
                   " signal_rssi, free_memory, payload, received_at) VALUES (?,?,?,?,?,?,?,?,?)",
                   (serial, msg.get("firmware_version"), msg.get("hardware_type"), msg.get("ip_address"),
                    msg["uptime_seconds"], msg.get("signal_rssi"), msg.get("free_memory"), payload, now_text()))
        stats["heartbeats"] += 1
    elif kind == "commands/ack":
        db.execute("UPDATE commands SET status = ?, response = ?, acked_at = ? WHERE id = ? AND device_serial = ?"
                   " AND status IN ('pending', 'sent')",
                   ("acked" if msg["status"] == "ok" else "failed", json.dumps(msg.get("response")), now_text(),
                    msg["command_id"], serial))
        stats["acks"] += 1


def on_connect(client, userdata, flags, rc):
    if rc != 0:
        print(f"legacy consumer: connect refused rc={rc}", file=sys.stderr)
        return
    if not leaving.is_set():
        client.subscribe(topics)


def on_subscribe(client, userdata, mid, granted):
    if any(q == 0x80 for q in granted):
        print(f"legacy consumer: subscription refused {granted}", file=sys.stderr)
        return
    subscribed.set()


def on_unsubscribe(client, userdata, mid):
    unsubscribed.set()


def on_message(client, userdata, m):
    global last_message
    last_message = time.monotonic()
    try:
        store(m.topic, m.payload.decode("utf-8"))  # autocommit: the row is on disk before the PUBACK
    except (ValueError, KeyError, TypeError) as e:
        stats["rejected"] += 1
        print(f"legacy consumer: rejected {m.topic}: {e}", file=sys.stderr)
    if unsubscribed.is_set():
        stats["after_unsubscribe"] += 1


client = mqtt.Client(client_id=args.client_id, clean_session=True)
client.username_pw_set(args.user, args.password)
client.on_connect, client.on_subscribe, client.on_unsubscribe, client.on_message = \
    on_connect, on_subscribe, on_unsubscribe, on_message
client.connect(args.host, args.port, keepalive=30)
client.loop_start()
signal.signal(signal.SIGTERM, lambda *a: leaving.set())
signal.signal(signal.SIGINT, lambda *a: leaving.set())
if not subscribed.wait(15):
    print("legacy consumer: not subscribed after 15 s", file=sys.stderr)
    sys.exit(1)
print("legacy consumer: subscribed " + ", ".join(t for t, _ in topics), file=sys.stderr, flush=True)

while not leaving.wait(0.2):
    pass
left_at = time.time()
client.unsubscribe([t for t, _ in topics])
if not unsubscribed.wait(15):
    print("legacy consumer: no UNSUBACK", file=sys.stderr)
    sys.exit(1)
# What the broker assigned to us before the UNSUBACK is still on its way: take it, then go.
while time.monotonic() - last_message < args.drain:
    time.sleep(0.1)
client.disconnect()
client.loop_stop()
db.close()
stats["left_at"] = left_at
stats["drained_s"] = round(time.time() - left_at, 2)
print(json.dumps(stats), flush=True)
