#!/usr/bin/python3
"""Bell devices for the Phase 5 test (e2e/mqtt-switch.sh): each publishes a log line and a
heartbeat in turn at QoS 1, every message numbered (device, seq), until SIGTERM. A message counts
as published once the broker has acknowledged it (PUBACK); each one is written to --out as
"<kind> <serial> <seq> <epoch-ms>", the list the test checks Postgres against.

usage: devices.py --port P --prefix PFX --out FILE --rate N SERIAL:PASSWORD ...
"""
import argparse
import json
import signal
import sys
import threading
import time

import paho.mqtt.client as mqtt

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--prefix", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--rate", type=float, default=20, help="messages per second per device")
ap.add_argument("devices", nargs="+")
args = ap.parse_args()

stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
signal.signal(signal.SIGINT, lambda *a: stop.set())
out = open(args.out, "w", buffering=1)
lock = threading.Lock()
totals = {"published": 0, "acknowledged": 0}


class Device:
    def __init__(self, serial, password):
        self.serial, self.seq = serial, 0
        # mid -> line until its PUBACK; mids acknowledged before publish() recorded them. Never
        # held while calling paho: paho runs on_publish under its own lock (deadlock otherwise).
        self.pending, self.early, self.lock = {}, set(), threading.Lock()
        self.c = mqtt.Client(client_id=serial, clean_session=True)
        self.c.username_pw_set(serial, password)
        self.c.max_inflight_messages_set(100)
        self.c.on_publish = self.on_publish
        self.c.connect(args.host, args.port, keepalive=30)
        self.c.loop_start()

    def publish(self):
        self.seq += 1
        ts = int(time.time() * 1000)
        if self.seq % 2:
            kind, topic = "log", f"{args.prefix}/devices/{self.serial}/logs"
            body = {"level": "info", "message": f"switch {self.serial} {self.seq}", "ts": ts}
        else:
            kind, topic = "heartbeat", f"{args.prefix}/devices/{self.serial}/heartbeat"
            body = {"uptime_seconds": self.seq, "firmware_version": "2.3.1", "seq": self.seq, "ts": ts}
        info = self.c.publish(topic, json.dumps(body), qos=1)
        line = f"{kind} {self.serial} {self.seq} {ts}"
        with self.lock:
            totals["published"] += 1
            if info.mid in self.early:
                self.early.discard(info.mid)
                self.acknowledged(line)
            else:
                self.pending[info.mid] = line

    def on_publish(self, client, userdata, mid):
        with self.lock:
            line = self.pending.pop(mid, None)
            if line:
                self.acknowledged(line)
            else:
                self.early.add(mid)

    @staticmethod
    def acknowledged(line):
        with lock:
            out.write(line + "\n")
            totals["acknowledged"] += 1


devices = [Device(*d.split(":", 1)) for d in args.devices]
time.sleep(0.5)
interval = 1.0 / args.rate
started = time.monotonic()
n = 0
while not stop.is_set():
    for d in devices:
        d.publish()
    n += 1
    delay = started + n * interval - time.monotonic()
    if delay > 0:
        stop.wait(delay)
# every message published gets its PUBACK before the devices go
deadline = time.monotonic() + 30
while time.monotonic() < deadline and any(d.pending for d in devices):
    time.sleep(0.1)
for d in devices:
    d.c.disconnect()
    d.c.loop_stop()
out.close()
totals["unacknowledged"] = sum(len(d.pending) for d in devices)
totals["seconds"] = round(time.monotonic() - started, 1)
print(json.dumps(totals), flush=True)
sys.exit(1 if totals["unacknowledged"] else 0)
