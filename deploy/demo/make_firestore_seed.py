#!/usr/bin/env python3
"""Writes a sample Firestore data set into Google's Firestore emulator (REST, batched commits) in
the shapes the Phase 2 jobs read (docs/firestore-migration.md): settings and public_features
documents, crm_products, crm_customers with orders subcollections (cust-0..4, the customers the demo
legacy quotations refer to), firmware_versions and admin_users; and the collections the app keeps
in Firestore for good, which the Console reads there (docs/devices.md): devices dev-0..7 (serials
BS-1000..BS-1007, the devices of the demo SQLite telemetry) and app users app-u0..3 (FlutterFlow's
users shape), linked to customers through crm_customers.linked_user_ids. Existing documents with the same
paths are replaced, so running it twice is harmless. With --json OUT it writes the data set as JSON
instead (typed values as {"$timestamp": ...}, {"$geo": [lat, lng]}, {"$ref": path}).

    make_firestore_seed.py --emulator 127.0.0.1:8090 --project bellsys-demo [--customers N]
    make_firestore_seed.py --json OUT.json [--customers N]
"""
import argparse
import json
import urllib.request
from datetime import datetime, timedelta, timezone

# bcrypt of "demo-password-1" ($2b$, cost 12), the format the old Python backend stored
DEMO_HASH = "$2b$12$m8j24ZrKRfqUNjIe/SYTJeNX1zx2B1E2RUQFQctVLA.OlfJDnEluS"


def ts(dt):
    return {"$timestamp": dt.strftime("%Y-%m-%dT%H:%M:%SZ")}


def value(v, project):
    """A Python value of the data set as a Firestore REST Value."""
    if v is None:
        return {"nullValue": None}
    if isinstance(v, bool):
        return {"booleanValue": v}
    if isinstance(v, int):
        return {"integerValue": str(v)}
    if isinstance(v, float):
        return {"doubleValue": v}
    if isinstance(v, str):
        return {"stringValue": v}
    if isinstance(v, list):
        return {"arrayValue": {"values": [value(x, project) for x in v]}}
    if isinstance(v, dict):
        if "$timestamp" in v:
            return {"timestampValue": v["$timestamp"]}
        if "$geo" in v:
            return {"geoPointValue": {"latitude": v["$geo"][0], "longitude": v["$geo"][1]}}
        if "$ref" in v:
            return {"referenceValue": f"projects/{project}/databases/(default)/documents/{v['$ref']}"}
        return {"mapValue": {"fields": {k: value(x, project) for k, x in v.items()}}}
    raise ValueError(f"no Firestore type for {v!r}")


def write(docs, host, project):
    """Sets every document through the emulator's commit endpoint, 200 writes per commit."""
    root = f"projects/{project}/databases/(default)/documents"
    paths = list(docs)
    for i in range(0, len(paths), 200):
        writes = [{"update": {"name": f"{root}/{p}", "fields": {k: value(v, project) for k, v in docs[p].items()}}}
                  for p in paths[i:i + 200]]
        req = urllib.request.Request(f"http://{host}/v1/{root}:commit", data=json.dumps({"writes": writes}).encode(),
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer owner"})
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()


def main():
    ap = argparse.ArgumentParser()
    target = ap.add_mutually_exclusive_group(required=True)
    target.add_argument("--emulator", help="host:port of Google's Firestore emulator")
    target.add_argument("--json", help="write the data set to this JSON file instead")
    ap.add_argument("--project", default="bellsys-demo")
    ap.add_argument("--customers", type=int, default=12)
    a = ap.parse_args()
    now = datetime.now(timezone.utc).replace(microsecond=0)
    docs = {
        "settings/console": {"company_name": "BellSystems", "default_language": "el", "vat_percent": 24,
                             "quotation_footer": "Με εκτίμηση, BellSystems", "updated_at": ts(now)},
        "settings/public_features": {"cloudflash": {"enabled": True, "min_fw": "2.0.0"}, "melody_store": {"enabled": False}},
        "firmware_versions/fw-1": {"hw_type": "BS-CTRL-V3", "channel": "stable", "version": "2.4.1",
                                   "filename": "bs-ctrl-2.4.1.bin", "size_bytes": 912384, "uploaded_at": ts(now - timedelta(days=30))},
        "firmware_versions/fw-2": {"hw_type": "BS-CTRL-V3", "channel": "beta", "version": "2.5.0-rc1",
                                   "filename": "bs-ctrl-2.5.0-rc1.bin", "uploaded_at": ts(now - timedelta(days=3))},
        "admin_users/legacy-maria": {"email": "maria@bellsystems.local", "name": "Μαρία Παπαδοπούλου", "role": "staff",
                                     "permissions": {"crm": {"view": True, "edit": True}}, "hashed_password": DEMO_HASH,
                                     "is_active": True, "created_at": ts(now - timedelta(days=400))},
    }
    for i in range(5):
        docs[f"crm_products/prod-{i}"] = {"name": f"Καμπάνα {50 * (i + 1)} kg", "sku": f"BELL-{50 * (i + 1)}",
                                          "category": "bells", "price": 1500.0 + 500 * i, "currency": "EUR",
                                          "created_at": ts(now - timedelta(days=200))}
    for i in range(a.customers):
        cid = f"cust-{i}"
        docs[f"crm_customers/{cid}"] = {
            "name": ["Ιερός Ναός Αγίου Γεωργίου", "Μονή Παναγίας", "Ενορία Αγίου Νικολάου"][i % 3],
            "surname": None, "organization": "Μητρόπολη Αθηνών", "language": "el", "folder_id": f"F-{1000 + i}",
            "relationship_status": ["lead", "customer", "prospect"][i % 3], "tags": ["church"] + (["vip"] if i % 4 == 0 else []),
            "contacts": [{"type": "phone", "value": f"+30 210 000 {1000 + i}"}],
            "location": {"city": "Αθήνα", "geo": {"$geo": [37.97 + i / 100, 23.72]}},
            "linked_user_ids": [f"app-u{i}"] if i < 4 else [],
            "negotiating": True, "has_problem": False,           # legacy fields the job drops
            "created_at": ts(now - timedelta(days=300 - i)), "updated_at": ts(now - timedelta(days=i)),
        }
        for k in range(2):
            docs[f"crm_customers/{cid}/orders/ord-{i}-{k}"] = {
                "order_number": f"ORD-{2025}-{i:03d}{k}", "title": "Καμπάνα και εγκατάσταση", "status": "confirmed",
                "items": [{"description": "Καμπάνα 100 kg", "quantity": 1, "unit_price": 2000.0}],
                "subtotal": 2000.0, "total_price": 2000.0, "currency": "EUR",
                "created_at": ts(now - timedelta(days=100 - k)), "updated_at": ts(now - timedelta(days=10 - k)),
            }
    # devices and app users, in the shapes of crm-service/src/test/resources/firestore/legacy-*.json
    owners = {f"dev-{d}": f"app-u{d % 4}" for d in range(6)}   # dev-6, dev-7 unassigned
    for u in range(4):
        docs[f"users/app-u{u}"] = {
            "email": f"owner{u}@example.gr", "display_name": ["Νίκος Γεωργίου", "Μαρία Ιωάννου", "Π. Κωνσταντίνος", "Ελένη Δ."][u],
            "photo_url": "", "uid": f"app-u{u}", "created_time": ts(now - timedelta(days=500 - 30 * u)),
            "phone_number": f"+30 690 000 000{u}", "language": "el",
            "device_ids": [d for d, o in owners.items() if o == f"app-u{u}"],
        }
    for d in range(8):
        docs[f"devices/dev-{d}"] = {
            "serial_number": f"BS-{1000 + d}", "device_name": f"Καμπαναριό {d + 1}", "hw_type": "BS-CTRL-V3",
            "firmware_version": "2.4.1", "status": "active", "owner_id": owners.get(f"dev-{d}", ""),
            "customer_id": f"cust-{d % a.customers}" if d < 6 else "",
            "location": {"$geo": [37.97 + d / 100, 23.72 + d / 100]}, "address": "Αθήνα", "timezone": "Europe/Athens",
            "settings": {"volume": 5 + d % 3, "tempo": 1.0, "auto_ring": d % 2 == 0,
                         "silent_hours": {"from": "22:00", "to": "07:00"}, "melody_ids": ["mel-1"]},
            "created_at": ts(now - timedelta(days=400 - d)), "updated_at": ts(now - timedelta(days=d)),
            "retired_at": None,
        }
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(docs, f, ensure_ascii=False, indent=1)
        print(f"wrote {a.json}: {len(docs)} documents")
    else:
        write(docs, a.emulator, a.project)
        print(f"wrote {len(docs)} documents into project {a.project} of the emulator at {a.emulator}")


if __name__ == "__main__":
    main()
