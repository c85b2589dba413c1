// Derives the NIMService/NIMCache schemas from the NIM Operator's CRDs, mechanically, so they never drift:
//   node scripts/gen-schema.mjs [crdDir] [--out <root>]
// crdDir defaults to third_party/nim-operator/crd (the operator's main branch in main/, the latest patch of each
// release line in a folder named after its tag: v1.0.1/, v2.0.2/, v3.0.2/, v3.1.2/; provenance and refresh steps in
// third_party/nim-operator/README.md).
// Writes <root>/src/core/schema/generated/<kind>.<version>.json (what validation, hover and completion need)
// and <root>/schemas/nimservice.schema.json (draft-07, for yaml-language-server through `yamlValidation`).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
const outRoot = outFlag >= 0 ? resolve(args[outFlag + 1] ?? '') : repoRoot;
const positional = args.filter((a, i) => i !== outFlag && i !== outFlag + 1 && !a.startsWith("--"));
const crdDir = resolve(positional[0] ?? join(repoRoot, 'third_party', 'nim-operator', 'crd'));

/**
 * Operator versions, where their CRDs live under crdDir, and how the generated files name their source: the file
 * name, behind the release tag for a release (main, the unreleased branch, has no tag).
 */
const VERSIONS = [
  { version: 'main', dir: 'main', sourcePrefix: '' },
  { version: 'v3.1.2', dir: 'v3.1.2', sourcePrefix: 'v3.1.2/' },
  { version: 'v3.0.2', dir: 'v3.0.2', sourcePrefix: 'v3.0.2/' },
  { version: 'v2.0.2', dir: 'v2.0.2', sourcePrefix: 'v2.0.2/' },
  { version: 'v1.0.1', dir: 'v1.0.1', sourcePrefix: 'v1.0.1/' },
];
const KINDS = [
  { kind: 'NIMService', file: 'apps.nvidia.com_nimservices.yaml' },
  { kind: 'NIMCache', file: 'apps.nvidia.com_nimcaches.yaml' },
];
/** The version the static JSON Schema describes: it cannot know the user's setting, so it takes the lenient newer CRD. */
const JSON_SCHEMA_VERSION = 'main';
const DESCRIPTION_LIMIT = 600;

const COPIED_KEYWORDS = ['format', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'];

function fail(message) {
  console.error(`gen-schema: ${message}`);
  process.exit(1);
}

function readCrd(path, kind) {
  if (!existsSync(path)) fail(`missing CRD ${path} (pass the CRD folder as the first argument)`);
  const crd = parse(readFileSync(path, 'utf8'));
  if (crd?.kind !== 'CustomResourceDefinition' || crd.spec?.names?.kind !== kind) fail(`${path} is not the ${kind} CRD`);
  const version = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
  return { group: crd.spec.group, apiVersion: `${crd.spec.group}/${version.name}`, schema: version.schema.openAPIV3Schema };
}

/** Paragraphs kept, wrapped lines joined, cut at a sentence end near DESCRIPTION_LIMIT. */
function trimDescription(text) {
  const paragraphs = text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((l) => l.trim()).join(' '));
  let out = paragraphs.join('\n\n');
  if (out.length > DESCRIPTION_LIMIT) {
    const cut = out.slice(0, DESCRIPTION_LIMIT);
    const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('.\n'));
    out = (sentenceEnd > DESCRIPTION_LIMIT / 3 ? cut.slice(0, sentenceEnd + 1) : cut.trimEnd()) + ' …';
  }
  return out;
}

/** The compact node: only what validation, hover and completion read. Keys in a fixed order. */
function compact(node) {
  const out = {};
  if (node.type) out.type = node.type;
  if (node.description) out.description = trimDescription(node.description);
  if (node['x-kubernetes-int-or-string']) out.intOrString = true;
  if (node['x-kubernetes-preserve-unknown-fields']) out.preserveUnknownFields = true;
  if (node.nullable) out.nullable = true;
  if (node.enum) out.enum = [...node.enum];
  if (node.default !== undefined) out.default = node.default;
  for (const key of COPIED_KEYWORDS) if (node[key] !== undefined) out[key] = node[key];
  if (node.required?.length) out.required = [...node.required].sort();
  if (node.properties) {
    out.properties = {};
    for (const name of Object.keys(node.properties).sort()) out.properties[name] = compact(node.properties[name]);
  }
  if (node.items) out.items = compact(node.items);
  if (node.additionalProperties !== undefined) {
    out.additionalProperties = typeof node.additionalProperties === 'object' ? compact(node.additionalProperties) : node.additionalProperties;
  }
  if (node['x-kubernetes-validations']?.length) {
    out.validations = node['x-kubernetes-validations'].map((v) => ({ rule: v.rule, message: v.message ?? `failed rule: ${v.rule}` }));
  }
  return out;
}

const JSON_SCHEMA_FORMATS = new Set(['date-time', 'date', 'time', 'email', 'hostname', 'ipv4', 'ipv6', 'uri']);

/** Draft-07 translation of a compact node; objects that the API server prunes get additionalProperties:false. */
function toJsonSchema(node) {
  const out = {};
  if (node.description) out.description = node.description;
  if (node.intOrString) {
    out.anyOf = [{ type: 'integer' }, { type: 'string', ...(node.pattern ? { pattern: node.pattern } : {}) }];
  } else if (node.type) {
    out.type = node.nullable ? [node.type, 'null'] : node.type;
  }
  if (node.enum) out.enum = node.enum;
  if (node.default !== undefined) out.default = node.default;
  if (node.format && JSON_SCHEMA_FORMATS.has(node.format)) out.format = node.format;
  for (const key of COPIED_KEYWORDS) {
    if (key === 'format' || node[key] === undefined) continue;
    if (key === 'pattern' && node.intOrString) continue;
    out[key] = node[key];
  }
  if (node.required) out.required = node.required;
  if (node.properties) {
    out.properties = {};
    for (const [name, child] of Object.entries(node.properties)) out.properties[name] = toJsonSchema(child);
  }
  if (node.items) out.items = toJsonSchema(node.items);
  if (node.additionalProperties !== undefined) {
    out.additionalProperties = typeof node.additionalProperties === 'object' ? toJsonSchema(node.additionalProperties) : node.additionalProperties;
  } else if (node.type === 'object' && node.properties && !node.preserveUnknownFields) {
    out.additionalProperties = false;
  }
  return out;
}

function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 1) + '\n');
}

const generatedDir = join(outRoot, 'src', 'core', 'schema', 'generated');
const definitions = {};
const branches = [];
const written = [];
for (const { version, dir, sourcePrefix } of VERSIONS) {
  for (const { kind, file } of KINDS) {
    const crd = readCrd(join(crdDir, dir, file), kind);
    const schema = compact(crd.schema);
    const target = join(generatedDir, `${kind.toLowerCase()}.${version}.json`);
    writeJson(target, { kind, apiVersion: crd.apiVersion, operatorVersion: version, source: `${sourcePrefix}${file}`, schema });
    written.push(target);
    if (version === JSON_SCHEMA_VERSION) {
      const definition = toJsonSchema(schema);
      definition.properties.apiVersion = { ...definition.properties.apiVersion, const: crd.apiVersion };
      definition.properties.kind = { ...definition.properties.kind, const: kind };
      definition.properties.metadata = {
        ...definition.properties.metadata,
        properties: { name: { type: 'string', description: 'Name of the resource, unique in its namespace (DNS-1123 subdomain).' }, namespace: { type: 'string' } },
      };
      definition.required = [...new Set([...(definition.required ?? []), 'apiVersion', 'kind', 'metadata', 'spec'])].sort();
      definitions[kind] = definition;
      branches.push({
        if: { properties: { kind: { const: kind } }, required: ['kind'] },
        then: { $ref: `#/definitions/${kind}` },
      });
    }
  }
}

writeJson(join(outRoot, 'schemas', 'nimservice.schema.json'), {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://inference-endpoint-studio/schemas/nimservice.schema.json',
  title: 'NIM Operator resources (NIMService, NIMCache)',
  description: `Generated by scripts/gen-schema.mjs from the NIM Operator CRDs (operator ${JSON_SCHEMA_VERSION}). Other kinds are allowed unchecked.`,
  type: 'object',
  allOf: branches,
  definitions,
});
written.push(join(outRoot, 'schemas', 'nimservice.schema.json'));
if (!args.includes('--quiet')) for (const path of written) console.log(`wrote ${path}`);
