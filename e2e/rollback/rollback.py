#!/usr/bin/env python3
"""The rollback rehearsal's data (issue 18): fields only the app / old Console write, seeded into the
legacy Firestore before Phase 2; staff changes of every kind made through the gateway after the
switch; and what the firebase-admin reader (read-firestore.mjs) must then find.

Values are written "canonical" so that the reader can compare types as well as values:
null, booleans and strings as they are, lists as lists, maps as maps, and tagged
{"$int": "12"}, {"$double": 1.5}, {"$ts": "<epoch seconds>.<9-digit nanos>"}, {"$geo": [lat, lng]},
{"$ref": "collection/id"}, {"$bytes": base64}.

    rollback.py changes GATEWAY TOKEN DATABASE SEEDED_JSON OUT_JSON
    rollback.py selftest EMULATOR_HOST PROJECT READER_DIR   (the reader must see damage)
(the seeding is imported by bin/rehearse: add_app_only_fields, canonical_docs)
"""
import json
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import datetime, timezone

# Fields bellsys does not know (no column): written by the app or the old Console, kept by Phase 2 in
# `firestore_extra`. A rollback must find them exactly as they were, types included.
APP_ONLY = {
    "crm_customers/rh-cust-1": {
        "custom_fields": {"parish_priest": "π. Γεώργιος", "bell_count": 3, "rating": 4.5, "tags": ["app", "vip"]},
        "legacy_ref": {"$ref": "crm_products/rh-prod-1"},
        "last_contacted_at": {"$timestamp": "2026-10-01T08:30:00.250Z"},
        "site_geo": {"$geo": [37.9838, 23.7275]},
    },
    "crm_customers/rh-cust-1/orders/rh-ord-1-0": {
        "assigned_to": "tech-7",
        "assigned_at": {"$timestamp": "2026-11-02T10:00:00Z"},
    },
    "crm_products/rh-prod-1": {"supplier": {"name": "Χυτήριο Αθηνών", "country": "GR", "lead_days": 45}},
    "admin_users/legacy-maria": {
        "fcm_tokens": ["fcm-token-a", "fcm-token-b"],
        "last_login_at": {"$timestamp": "2026-11-30T07:15:00Z"},
    },
}


def add_app_only_fields(docs):
    """Adds APP_ONLY's fields to the seed's documents (before they are written); returns their count."""
    n = 0
    for path, fields in APP_ONLY.items():
        docs[path].update(fields)
        n += len(fields)
    return n


def ts_canonical(dt):
    dt = dt.astimezone(timezone.utc)
    secs = int((dt - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds() // 1)
    return {"$ts": f"{secs}.{dt.microsecond * 1000:09d}"}


def iso_canonical(s):
    return ts_canonical(datetime.fromisoformat(s.replace("Z", "+00:00")))


def canonical(v):
    """A value in the seed's notation (make_firestore_seed.py: $timestamp, $geo, $ref) as canonical."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return {"$int": str(v)}
    if isinstance(v, float):
        return {"$double": v}
    if isinstance(v, list):
        return [canonical(x) for x in v]
    if isinstance(v, dict):
        if "$timestamp" in v:
            return iso_canonical(v["$timestamp"])
        if "$geo" in v or "$ref" in v:
            return v
        return {k: canonical(x) for k, x in v.items()}
    raise ValueError(v)


def canonical_docs(docs):
    return {path: {k: canonical(v) for k, v in fields.items()} for path, fields in docs.items()}


class Api:
    def __init__(self, base, token):
        self.base, self.token = base, token

    def call(self, method, path, body=None, etag=None):
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        if etag:
            headers["If-Match"] = etag
        req = urllib.request.Request(self.base + path, method=method, headers=headers,
                                     data=None if body is None else json.dumps(body).encode())
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read().decode()
                return (json.loads(text) if text else None), r.headers.get("ETag")
        except urllib.error.HTTPError as e:
            raise SystemExit(f"{method} {path} -> {e.code} {e.read().decode()[:300]}")

    def patch(self, path, body):
        _, etag = self.call("GET", path)
        return self.call("PATCH", path, body, etag)[0]


class Pg:
    def __init__(self, database):
        self.database = database

    def row(self, table, key, value):
        sql = f"SELECT row_to_json(t) FROM {table} t WHERE {key} = '{value}'"
        out = subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-U", "postgres", "-d", self.database, "-Atc", sql],
                             check=True, capture_output=True, text=True).stdout.strip()
        if not out:
            raise SystemExit(f"no {table} row with {key} = {value}")
        return json.loads(out)


def changes(gateway, token, database, seeded_json, out_json):
    """Makes every kind of staff change through the gateway; writes what Firestore must then hold:
    {"set": {path: {field: canonical}}, "deleted": [path], "changed": {path: [field]}, "app_only": {path: [field]}}."""
    api, pg = Api(gateway, token), Pg(database)
    seeded = json.load(open(seeded_json, encoding="utf-8"))
    expect, deleted, kinds = {}, [], []

    def want(path, **fields):
        expect.setdefault(path, {}).update(fields)

    def ts(table, key, value, *columns):
        row = pg.row(table, key, value)
        return {c: iso_canonical(row[c]) for c in columns}

    # customers: create, update (a migrated customer holding app-only fields), delete (with its orders)
    c = api.call("POST", "/api/crm/customers", {
        "name": "Ενορία Αγίας Ειρήνης", "organization": "Μητρόπολη Πατρών", "language": "el",
        "folder_id": "F-REHEARSE-1", "relationship_status": "lead", "tags": ["church", "rehearsal"],
        "contacts": [{"type": "email", "value": "office@agia-eirini.example"}]})[0]
    want(f"crm_customers/{c['id']}", name="Ενορία Αγίας Ειρήνης", organization="Μητρόπολη Πατρών", language="el",
         folder_id="F-REHEARSE-1", relationship_status="lead", tags=["church", "rehearsal"],
         contacts=[{"type": "email", "value": "office@agia-eirini.example"}],
         **ts("crm_customers", "id", c["id"], "created_at", "updated_at"))
    kinds.append("customer create")
    api.patch("/api/crm/customers/rh-cust-1", {"name": "Ιερός Ναός Αγίου Γεωργίου (rehearsal)",
                                                 "relationship_status": "customer", "tags": ["church", "bells-2027"]})
    want("crm_customers/rh-cust-1", name="Ιερός Ναός Αγίου Γεωργίου (rehearsal)", relationship_status="customer",
         tags=["church", "bells-2027"], **ts("crm_customers", "id", "rh-cust-1", "updated_at"))
    kinds.append("customer update")
    api.call("DELETE", "/api/crm/customers/rh-cust-2")
    deleted += ["crm_customers/rh-cust-2"] + [p for p in seeded if p.startswith("crm_customers/rh-cust-2/orders/")]
    kinds.append("customer delete (with its orders)")

    # orders: create under a migrated customer, status change of the new and of a migrated order
    o = api.call("POST", "/api/crm/customers/rh-cust-1/orders", {
        "order_number": "ORD-REHEARSE-1", "title": "Καμπάνα 150 kg", "currency": "EUR",
        "items": [{"description": "Καμπάνα 150 kg", "quantity": 1, "unit_price": 2500.5}]})[0]
    api.patch(f"/api/crm/customers/rh-cust-1/orders/{o['id']}", {"status": "in_production"})
    opath = f"crm_customers/rh-cust-1/orders/{o['id']}"
    row = pg.row("crm_orders", "id", o["id"])
    want(opath, order_number="ORD-REHEARSE-1", title="Καμπάνα 150 kg", currency="EUR", status="in_production",
         status_updated_by=row["status_updated_by"], subtotal={"$double": 2500.5}, total_price={"$double": 2500.5},
         **ts("crm_orders", "id", o["id"], "created_at", "updated_at", "status_updated_date"))
    kinds.append("order create")
    kinds.append("order status update")
    api.patch("/api/crm/customers/rh-cust-1/orders/rh-ord-1-0", {"status": "shipped"})
    row = pg.row("crm_orders", "id", "rh-ord-1-0")
    want("crm_customers/rh-cust-1/orders/rh-ord-1-0", status="shipped", status_updated_by=row["status_updated_by"],
         **ts("crm_orders", "id", "rh-ord-1-0", "updated_at", "status_updated_date"))
    kinds.append("order status update (migrated order)")

    # products: create, update of a migrated product holding an app-only field
    p = api.call("POST", "/api/crm/products", {"name": "Καμπάνα 400 kg", "sku": "BELL-400", "category": "bells",
                                               "price": 9800.5, "currency": "EUR"})[0]
    ppath = f"crm_products/{pg.row('crm_products', 'id', p['id']).get('firestore_id') or p['id']}"
    want(ppath, name="Καμπάνα 400 kg", sku="BELL-400", category="bells", price={"$double": 9800.5}, currency="EUR",
         **ts("crm_products", "id", p["id"], "created_at", "updated_at"))
    kinds.append("product create")
    prow = pg.row("crm_products", "firestore_id", "rh-prod-1")
    api.patch(f"/api/crm/products/{prow['id']}", {"price": 2100.5, "description": "νέα τιμή 2027"})
    want("crm_products/rh-prod-1", price={"$double": 2100.5}, description="νέα τιμή 2027",
         **ts("crm_products", "id", prow["id"], "updated_at"))
    kinds.append("product update")

    # console setting (the legacy holds an integer) and public feature (a map with its config beside enabled)
    api.call("PUT", "/api/settings/vat_percent", {"value": 13})
    want("settings/console", vat_percent={"$int": "13"})
    kinds.append("console setting change")
    api.call("PUT", "/api/public-features/cloudflash", {"enabled": False})
    want("settings/public_features", cloudflash={"enabled": False, "min_fw": "2.0.0"})
    kinds.append("public feature toggle")

    # staff: create, password change (migrated member holding app-only fields), deactivate
    s = api.call("POST", "/api/staff", {"email": "nikos@rehearsal.local", "name": "Νίκος Ρεχέρσαλ", "role": "staff",
                                        "password": "rehearsal-pass-1"})[0]
    srow = pg.row("staff", "id", s["id"])
    want(f"admin_users/{s['id']}", email="nikos@rehearsal.local", name="Νίκος Ρεχέρσαλ", role="staff", is_active=True,
         hashed_password=srow["hashed_password"], **ts("staff", "id", s["id"], "created_at"))
    kinds.append("staff create")
    api.call("POST", "/api/staff/legacy-maria/password", {"new_password": "rehearsal-pass-2"})
    mrow = pg.row("staff", "id", "legacy-maria")
    if mrow["hashed_password"] == seeded["admin_users/legacy-maria"]["hashed_password"]:
        raise SystemExit("the password change left the hash as it was in Postgres")
    want("admin_users/legacy-maria", hashed_password=mrow["hashed_password"])
    kinds.append("staff password change")
    api.call("DELETE", "/api/staff/legacy-maria")
    want("admin_users/legacy-maria", is_active=False, **ts("staff", "id", "legacy-maria", "updated_at"))
    kinds.append("staff deactivate")

    changed = {path: sorted(fields) for path, fields in expect.items()}
    app_only = {path: sorted(fields) for path, fields in APP_ONLY.items()}
    json.dump({"set": expect, "deleted": deleted, "changed": changed, "app_only": app_only, "kinds": kinds},
              open(out_json, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(f"{len(kinds)} changes ({', '.join(kinds)}): {sum(map(len, expect.values()))} field values and "
          f"{len(deleted)} deletes expected in Firestore")


def selftest(emulator, project, reader):
    """Shows that the reader is not blind: on a project of its own, a document whose app-only fields
    are then damaged as a careless mirror would (a geo point rewritten as a map, an integer as a
    double, a field dropped) and whose expected change and delete were not made must count exactly
    3 lost fields and 2 missing changes, and fail."""
    sys.path.insert(0, "deploy/demo")
    import make_firestore_seed as seed
    docs = {"crm_customers/c1": {"name": "Μονή", "site_geo": {"$geo": [37.9, 23.7]}, "bell_count": 3,
                                 "legacy_ref": {"$ref": "crm_products/p1"}, "seen_at": {"$timestamp": "2026-01-02T03:04:05Z"}},
            "crm_customers/c2": {"name": "to delete"}}
    seed.write(docs, emulator, project)
    files = {}
    for name, data in {"seeded": canonical_docs(docs),
                       "expected": {"set": {"crm_customers/c1": {"name": "Μονή Αγίας Τριάδας"}},
                                    "deleted": ["crm_customers/c2"], "changed": {"crm_customers/c1": ["name"]},
                                    "app_only": {"crm_customers/c1": ["site_geo", "bell_count", "legacy_ref", "seen_at"]},
                                    "kinds": ["selftest"]}}.items():
        files[name] = f"{reader}/selftest-{name}.json"
        json.dump(data, open(files[name], "w", encoding="utf-8"), ensure_ascii=False)
    seed.write({"crm_customers/c1": {"name": "Μονή", "site_geo": {"lat": 37.9, "lng": 23.7}, "bell_count": 3.0,
                                     "legacy_ref": {"$ref": "crm_products/p1"}}}, emulator, project)
    env = dict(__import__("os").environ, FIRESTORE_EMULATOR_HOST=emulator)
    r = subprocess.run(["node", f"{reader}/read-firestore.mjs", project, files["seeded"], files["expected"]],
                       capture_output=True, text=True, env=env)
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr.strip()[-300:]
    if r.returncode != 1 or last != "lost fields: 3, missing changes: 2":
        raise SystemExit(f"reader on damaged data: exit {r.returncode}, '{last}' (expected exit 1, 3 lost, 2 missing)")
    print(f"on damaged data the reader fails with '{last}'")


if __name__ == "__main__":
    if sys.argv[1:2] == ["changes"]:
        changes(*sys.argv[2:7])
    elif sys.argv[1:2] == ["selftest"]:
        selftest(*sys.argv[2:5])
    else:
        raise SystemExit(__doc__)
