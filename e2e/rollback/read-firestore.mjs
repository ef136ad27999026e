// The rollback rehearsal's reader (issue 18): reads Firestore with firebase-admin only, as the old
// backend did, and checks that (1) every change made in bellsys is there with its value and type,
// deletes gone, and (2) every field of every seeded document that no change touched, the app-only
// fields among them, is still there, unchanged, type included. Prints
// "lost fields: N, missing changes: M" and exits 0 only for 0/0.
//
//   FIRESTORE_EMULATOR_HOST=host:port node read-firestore.mjs PROJECT SEEDED_JSON EXPECTED_JSON
// (the JSON files from bin/rehearse and rollback.py, values canonical: see rollback.py)
import { readFileSync } from 'node:fs';

// Only the emulator is reached: never probe for Google's metadata server (no credentials are needed).
process.env.METADATA_SERVER_DETECTION = 'none';
process.env.GOOGLE_CLOUD_PROJECT ||= process.argv[2];
const { initializeApp } = await import('firebase-admin/app');
const { getFirestore, Timestamp, GeoPoint, DocumentReference } = await import('firebase-admin/firestore');

const [project, seededFile, expectedFile] = process.argv.slice(2);
const seeded = JSON.parse(readFileSync(seededFile, 'utf8'));
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));

const app = initializeApp({ projectId: project });
const db = getFirestore(app);
// Integers as BigInt: Firestore's integer and double stay apart, as they were for the Python backend
db.settings({ useBigInt: true });

function canonical(v) {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { $int: v.toString() };
  if (typeof v === 'number') return { $double: v };
  if (v instanceof Timestamp) return { $ts: `${v.seconds}.${String(v.nanoseconds).padStart(9, '0')}` };
  if (v instanceof GeoPoint) return { $geo: [v.latitude, v.longitude] };
  if (v instanceof DocumentReference) return { $ref: v.path };
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(canonical);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonical(x)]));
}

function equal(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    return equal(ka, kb) && ka.every((k) => equal(a[k], b[k]));
  }
  return a === b;
}

const show = (v) => (v === undefined ? 'absent' : JSON.stringify(v));
const paths = [...new Set([...Object.keys(seeded), ...Object.keys(expected.set), ...expected.deleted])];
const snaps = await db.getAll(...paths.map((p) => db.doc(p)));
const docs = Object.fromEntries(paths.map((p, i) => [p, snaps[i].exists ? canonical(snaps[i].data()) : null]));

const problems = [];
let lost = 0, missing = 0, changesChecked = 0, fieldsChecked = 0, appOnlyChecked = 0;

// (1) every change: each expected field value, each delete
for (const [path, fields] of Object.entries(expected.set)) {
  for (const [field, want] of Object.entries(fields)) {
    changesChecked++;
    const got = docs[path] === null ? undefined : docs[path][field];
    if (!equal(got, want)) {
      missing++;
      problems.push(`missing change ${path}.${field}: expected ${show(want)}, found ${docs[path] === null ? 'no document' : show(got)}`);
    }
  }
}
for (const path of expected.deleted) {
  changesChecked++;
  if (docs[path] !== null) {
    missing++;
    problems.push(`missing change: ${path} still exists (deleted in bellsys)`);
  }
}

// (2) every seeded field no change touched: still there, same value, same type
const deleted = new Set(expected.deleted);
for (const [path, fields] of Object.entries(seeded)) {
  if (deleted.has(path)) continue;
  const changed = new Set(expected.changed[path] || []);
  const appOnly = new Set(expected.app_only[path] || []);
  for (const [field, was] of Object.entries(fields)) {
    if (changed.has(field)) continue;
    fieldsChecked++;
    if (appOnly.has(field)) appOnlyChecked++;
    const got = docs[path] === null ? undefined : docs[path][field];
    if (!equal(got, was)) {
      lost++;
      problems.push(`lost field ${path}.${field}${appOnly.has(field) ? ' (app-only)' : ''}: was ${show(was)}, now ${docs[path] === null ? 'no document' : show(got)}`);
    }
  }
}

for (const p of problems) console.log(p);
console.log(`read ${paths.length} documents with firebase-admin: ${changesChecked} changes checked (${expected.kinds.length} kinds), `
  + `${fieldsChecked} untouched fields checked (${appOnlyChecked} app-only)`);
console.log(`lost fields: ${lost}, missing changes: ${missing}`);
await app.delete();
process.exit(lost === 0 && missing === 0 ? 0 : 1);
