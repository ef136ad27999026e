// Validates every manifest under the given folder against the Kubernetes JSON schemas that
// kubernetes-models bundles (offline), and checks the bellsys rules the schemas cannot express:
// every Deployment has liveness/readiness probes on /q/health/* (gateway: /healthz), resources,
// and config from the ConfigMap; migration-service runs as a single replica; ingest as several.
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";

const dir = process.argv[2] ?? "../k8s";
const failures = [];
let count = 0;

async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion : `v1`;
  const modulePath = apiVersion.includes("/") ? `kubernetes-models/${group}` : `kubernetes-models/v1`;
  const mod = await import(modulePath);
  if (!mod[kind]) throw new Error(`no schema for ${apiVersion} ${kind}`);
  return mod[kind];
}

for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
  const docs = yaml.loadAll(fs.readFileSync(path.join(dir, file), "utf8")).filter(Boolean);
  for (const doc of docs) {
    count++;
    const where = `${file}: ${doc.kind}/${doc.metadata?.name}`;
    try {
      const Model = await modelFor(doc.apiVersion, doc.kind);
      new Model(doc).validate();
    } catch (e) {
      failures.push(`${where}: ${e.message}`);
      continue;
    }
    if (doc.kind === "Deployment") {
      const name = doc.metadata.name;
      for (const c of doc.spec.template.spec.containers) {
        const isGateway = name === "gateway";
        const live = c.livenessProbe?.httpGet?.path, ready = c.readinessProbe?.httpGet?.path;
        if (!live || !ready) failures.push(`${where}: probes missing`);
        if (!isGateway && (live !== "/q/health/live" || ready !== "/q/health/ready"))
          failures.push(`${where}: probes must be /q/health/live and /q/health/ready`);
        if (!c.resources?.requests || !c.resources?.limits) failures.push(`${where}: resources missing`);
        if (!isGateway && !c.envFrom?.some((e) => e.configMapRef?.name === "bellsys-config"))
          failures.push(`${where}: config must come from the bellsys-config ConfigMap`);
        if (!isGateway && !c.env?.some((e) => e.valueFrom?.secretKeyRef))
          failures.push(`${where}: secrets must come from a Secret`);
      }
      if (name === "migration-service" && doc.spec.replicas !== 1) failures.push(`${where}: must be a single replica`);
      if (name === "device-ingest-service" && !(doc.spec.replicas > 1)) failures.push(`${where}: needs several replicas`);
    }
  }
}

// The broker's ConfigMap carries deploy/mosquitto unchanged (one definition of the broker settings).
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
  for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, file), "utf8")).filter(Boolean)) {
    if (doc.kind !== "ConfigMap" || doc.metadata?.name !== "bellsys-mosquitto") continue;
    const shipped = {
      "bellsys.conf": path.join(dir, "../mosquitto/conf.d/bellsys.conf"),
      "mosquitto.conf": path.join(dir, "../mosquitto/mosquitto.conf"),
    };
    for (const [key, source] of Object.entries(shipped)) {
      if (doc.data?.[key] !== fs.readFileSync(source, "utf8"))
        failures.push(`${file}: ConfigMap bellsys-mosquitto ${key} differs from ${path.relative(dir, source)}`);
    }
  }
}

if (failures.length) {
  console.error(`k8s manifests: ${failures.length} problem(s) in ${count} documents`);
  failures.forEach((f) => console.error("  " + f));
  process.exit(1);
}
console.log(`k8s manifests: ${count} documents valid`);
