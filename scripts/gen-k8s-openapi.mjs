// Regenerates third_party/kubernetes/openapi-v2-definitions.json from Kubernetes' own OpenAPI v2 document
// (api/openapi-spec/swagger.json of a release branch): the definitions reachable from the built-in kinds the
// simulator serves, unchanged except that `description` fields are dropped. See third_party/kubernetes/README.md.
// Usage: node scripts/gen-k8s-openapi.mjs path/to/swagger.json
import { readFileSync, writeFileSync } from 'node:fs';

const ROOTS = [
  'io.k8s.api.core.v1.Namespace',
  'io.k8s.api.core.v1.Node',
  'io.k8s.api.core.v1.Pod',
  'io.k8s.api.core.v1.Event',
  'io.k8s.api.core.v1.Service',
  'io.k8s.api.core.v1.Secret',
  'io.k8s.api.core.v1.ConfigMap',
  'io.k8s.api.core.v1.PersistentVolumeClaim',
  'io.k8s.api.storage.v1.StorageClass',
  'io.k8s.api.apps.v1.Deployment',
  'io.k8s.api.apps.v1.ReplicaSet',
  'io.k8s.api.apps.v1.StatefulSet',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
];

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/gen-k8s-openapi.mjs path/to/swagger.json');
  process.exit(2);
}
const definitions = JSON.parse(readFileSync(source, 'utf8')).definitions;
const keep = new Set();
const visit = (node) => {
  if (Array.isArray(node)) return node.forEach(visit);
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') add(value.split('/').pop());
    else visit(value);
  }
};
const add = (name) => {
  if (keep.has(name)) return;
  if (!definitions[name]) throw new Error(`missing definition ${name}`);
  keep.add(name);
  visit(definitions[name]);
};
ROOTS.forEach(add);
const strip = (node, inProperties = false) => {
  if (Array.isArray(node)) return node.map((n) => strip(n));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  // `description` is dropped where it is documentation; under `properties` it is a field name (JSONSchemaProps).
  for (const [key, value] of Object.entries(node)) if (inProperties || key !== 'description') out[key] = strip(value, key === 'properties' && !inProperties);
  return out;
};
const out = {};
for (const name of [...keep].sort()) out[name] = strip(definitions[name]);
writeFileSync('third_party/kubernetes/openapi-v2-definitions.json', `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${keep.size} definitions to third_party/kubernetes/openapi-v2-definitions.json`);
