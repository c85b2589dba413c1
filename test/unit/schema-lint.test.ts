import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { LintDiagnostic } from '../../src/core/lint/diagnostic.js';
import { Linter } from '../../src/core/lint/linter.js';
import type { OperatorVersion } from '../../src/core/lint/options.js';
import { schemaRules } from '../../src/core/schema/schemaRules.js';
import { LineIndex } from '../../src/core/text/lineIndex.js';

const VALID = readFileSync(new URL('../fixtures/schema/valid-nimservice.yaml', import.meta.url), 'utf8');
const VALID_CACHE = readFileSync(new URL('../fixtures/schema/valid-nimcache.yaml', import.meta.url), 'utf8');

function lint(text: string, operatorVersion: OperatorVersion = 'main'): LintDiagnostic[] {
  return new Linter({ operatorVersion }, schemaRules).lint(text);
}

/** Code, 0-based start line/character and end character of each diagnostic. */
function at(text: string, diagnostics: LintDiagnostic[]) {
  const index = new LineIndex(text);
  return diagnostics.map((d) => {
    const start = index.positionAt(d.start);
    const end = index.positionAt(d.end);
    return { code: d.code, line: start.line, from: start.character, to: end.line === start.line ? end.character : -1 };
  });
}

function replace(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `fixture lacks ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function applyFix(text: string, diagnostic: LintDiagnostic): string {
  const edits = [...(diagnostic.fixes?.[0]?.edits ?? [])].sort((a, b) => b.start - a.start);
  assert.ok(edits.length, `${diagnostic.code} has no fix`);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

describe('schema lint: valid input', () => {
  it('accepts the valid NIMService and NIMCache fixtures for both operator versions', () => {
    for (const version of ['main', 'v3.1.2'] as const) {
      assert.deepEqual(lint(VALID, version), []);
      assert.deepEqual(lint(VALID_CACHE, version), []);
    }
  });

  it('ignores other kinds', () => {
    assert.deepEqual(lint('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  router: 1.8\n'), []);
  });
});

describe('schema-quote-float', () => {
  it('flags tag: 1.8 at the value and quotes the exact source text', () => {
    const text = replace(VALID, 'tag: "1.8"', 'tag: 1.10');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [{ code: 'schema-quote-float', line: 12, from: 9, to: 13 }]);
    assert.equal(diagnostics[0].severity, 'error');
    assert.match(diagnostics[0].message, /spec\.image\.tag: 1\.10.*number \(1\.1\).*Quote it: `"1\.10"`/);
    const fixed = applyFix(text, diagnostics[0]);
    assert.ok(fixed.includes('    tag: "1.10"\n'));
    assert.deepEqual(lint(fixed), []);
  });

  it('quotes integers and booleans where a string is expected (label values too)', () => {
    const text = replace(replace(VALID, 'team: "42"', 'team: 42'), 'authSecret: ngc-api-secret', 'authSecret: true');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [
      { code: 'schema-quote-float', line: 7, from: 10, to: 12 },
      { code: 'schema-quote-float', line: 9, from: 14, to: 18 },
    ]);
    const fixedOnce = applyFix(text, diagnostics[1]);
    assert.ok(fixedOnce.includes('authSecret: "true"'));
  });

  it('warns about YAML 1.1 booleans (kubectl reads `on` as true) in string fields', () => {
    const text = replace(VALID, 'pullPolicy: IfNotPresent', 'pullPolicy: on');
    assert.deepEqual(at(text, lint(text)), [{ code: 'schema-quote-float', line: 13, from: 16, to: 18 }]);
  });
});

describe('schema-unknown-field', () => {
  it('flags spec.router, suggests spec.expose.router and moves it under the existing expose', () => {
    const text = replace(VALID, '  expose:\n', '  router:\n    # where clients reach it\n    hostDomainName: example.com\n  expose:\n');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [{ code: 'schema-unknown-field', line: 26, from: 2, to: 8 }]);
    assert.equal(diagnostics[0].message, 'Unknown field `spec.router`: the API server silently drops it. Did you mean `spec.expose.router`?');
    assert.equal(diagnostics[0].fixes?.[0].title, 'Move to `spec.expose.router`');
    const fixed = applyFix(text, diagnostics[0]);
    assert.ok(fixed.includes('  expose:\n    router:\n      # where clients reach it\n      hostDomainName: example.com\n    service:\n'), fixed);
    assert.deepEqual(lint(fixed), []);
  });

  it('move fix creates the missing parent when expose is absent, and is withheld when the target exists', () => {
    const noExpose = replace(VALID, '  expose:\n    service:\n      type: ClusterIP\n      port: 8000\n', '  router:\n    hostDomainName: example.com\n');
    const [diagnostic] = lint(noExpose);
    const fixed = applyFix(noExpose, diagnostic);
    assert.ok(fixed.includes('  expose:\n    router:\n      hostDomainName: example.com\n  env:\n'), fixed);
    assert.deepEqual(lint(fixed), []);
    const both = replace(VALID, '  expose:\n', '  router: {}\n  expose:\n    router: {}\n');
    assert.equal(lint(both)[0].fixes, undefined);
  });

  it('suggests a misspelt sibling and renames it, but not onto an existing key', () => {
    const text = replace(VALID, '  replicas: 1', '  replica: 1');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [{ code: 'schema-unknown-field', line: 17, from: 2, to: 9 }]);
    assert.match(diagnostics[0].message, /Did you mean `spec\.replicas`\?/);
    assert.deepEqual(lint(applyFix(text, diagnostics[0])), []);

    const both = replace(VALID, '  replicas: 1', '  replicas: 1\n  replica: 2');
    const [duplicate] = lint(both);
    assert.equal(duplicate.code, 'schema-unknown-field');
    assert.equal(duplicate.fixes, undefined);
  });

  it('lists the valid fields when nothing is close', () => {
    const text = replace(VALID, '    pullPolicy: IfNotPresent', '    zzz: 1');
    const [d] = lint(text);
    assert.equal(d.code, 'schema-unknown-field');
    assert.match(d.message, /Fields here: `pullPolicy`, `pullSecrets`, `repository`, `tag`\./);
  });

  it('does not flag fields under x-kubernetes-preserve-unknown-fields or free-form maps', () => {
    const epp = [
      '    router:',
      '      eppConfig:',
      '        containerSpec: {name: epp, image: {repository: r, tag: t}}',
      '        config:',
      '          plugins: []',
      '          schedulingProfiles: []',
      '          anything: [1, 2]',
      '          nested: {deep: true}',
    ].join('\n');
    const text = replace(VALID, '  expose:\n', `  annotations:\n    anything: "goes"\n  expose:\n${epp}\n`);
    assert.deepEqual(lint(text), []);
  });
});

describe('schema-enum, schema-pattern, schema-range, schema-type, schema-null, schema-required', () => {
  it('enum: inferencePlatform', () => {
    const text = replace(VALID, 'inferencePlatform: standalone', 'inferencePlatform: kserv');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [{ code: 'schema-enum', line: 16, from: 21, to: 26 }]);
    assert.equal(diagnostics[0].message, '`spec.inferencePlatform` must be one of `standalone`, `kserve`; got `kserv`.');
  });

  it('int-or-string: 32Gi and 1024 pass, abc fails the quantity pattern', () => {
    assert.deepEqual(lint(replace(VALID, 'sharedMemorySizeLimit: 32Gi', 'sharedMemorySizeLimit: 1024')), []);
    const text = replace(VALID, 'sharedMemorySizeLimit: 32Gi', 'sharedMemorySizeLimit: abc');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [{ code: 'schema-pattern', line: 22, from: 27, to: 30 }]);
    assert.match(diagnostics[0].message, /Kubernetes quantity/);
  });

  it('range: port above 65535 and negative replicas', () => {
    const text = replace(replace(VALID, 'port: 8000', 'port: 80000'), 'replicas: 1', 'replicas: -1');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [
      { code: 'schema-range', line: 17, from: 12, to: 14 },
      { code: 'schema-range', line: 29, from: 12, to: 17 },
    ]);
    assert.equal(diagnostics[1].message, '`spec.expose.service.port` must be ≤ 65535; got 80000.');
  });

  it('type: a string where an integer is expected, a scalar where an object is expected', () => {
    const text = replace(replace(VALID, 'replicas: 1', 'replicas: "2"'), '  expose:\n    service:\n      type: ClusterIP\n      port: 8000\n', '  expose: yes-please\n');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [
      { code: 'schema-type', line: 17, from: 12, to: 15 },
      { code: 'schema-type', line: 26, from: 10, to: 20 },
    ]);
    assert.equal(diagnostics[0].message, '`spec.replicas` must be an integer, not a string (`2`).');
  });

  it('required: image.tag missing points at the image key; null value is a warning', () => {
    const text = replace(VALID, '    tag: "1.8"\n', '');
    assert.deepEqual(at(text, lint(text)), [{ code: 'schema-required', line: 10, from: 2, to: 7 }]);
    const nulled = replace(VALID, '    pullPolicy: IfNotPresent', '    pullPolicy:');
    const diagnostics = lint(nulled);
    assert.deepEqual(at(nulled, diagnostics), [{ code: 'schema-null', line: 13, from: 4, to: 14 }]);
    assert.equal(diagnostics[0].severity, 'warning');
  });

  it('required fields with a CRD default are not missing (the API server defaults them first)', () => {
    const text = replace(VALID, '  expose:\n', '  multiNode:\n    parallelism:\n      tensor: 2\n    mpi: {}\n  expose:\n');
    assert.deepEqual(lint(text), []);
  });
});

describe('metadata and apiVersion', () => {
  it('metadata.name is required and must be a DNS-1123 subdomain; namespace a DNS label', () => {
    const noName = replace(VALID, '  name: llama3-8b\n', '');
    assert.deepEqual(at(noName, lint(noName)), [{ code: 'schema-required', line: 3, from: 0, to: 8 }]);
    const bad = replace(replace(VALID, 'name: llama3-8b\n  namespace', 'name: Llama3_8B\n  namespace'), 'namespace: nim-service', 'namespace: nim.service');
    const diagnostics = lint(bad);
    assert.deepEqual(at(bad, diagnostics), [
      { code: 'schema-pattern', line: 4, from: 8, to: 17 },
      { code: 'schema-pattern', line: 5, from: 13, to: 24 },
    ]);
    assert.match(diagnostics[0].message, /e\.g\. `llama3-8b`/);
  });

  it('apiVersion must be apps.nvidia.com/v1alpha1, with a replace fix', () => {
    const text = replace(VALID, 'apiVersion: apps.nvidia.com/v1alpha1', 'apiVersion: apps.nvidia.com/v1');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [{ code: 'schema-api-version', line: 1, from: 12, to: 30 }]);
    assert.deepEqual(lint(applyFix(text, diagnostics[0])), []);
  });
});

describe('auth-secret-missing', () => {
  const withoutSecret = replace(VALID, '  authSecret: ngc-api-secret\n', '');

  it('is an error for operator v3.1.2 and a warning (webhook text) for main, at the spec key', () => {
    const strict = lint(withoutSecret, 'v3.1.2');
    assert.deepEqual(at(withoutSecret, strict), [{ code: 'auth-secret-missing', line: 8, from: 0, to: 4 }]);
    assert.equal(strict[0].severity, 'error');
    assert.match(strict[0].message, /^spec\.authSecret is required by NIM Operator ≤ v3\.1\.2/);
    const lenient = lint(withoutSecret, 'main');
    assert.equal(lenient.length, 1);
    assert.equal(lenient[0].severity, 'warning');
    assert.match(lenient[0].message, /^spec\.authSecret is empty: NGC_API_KEY will not be injected\./);
  });

  it('fix inserts an indented authSecret line after spec:, keeping comments', () => {
    const text = [
      'apiVersion: apps.nvidia.com/v1alpha1',
      'kind: NIMService',
      'metadata:',
      '  name: llama3-8b',
      'spec: # the endpoint',
      '    # first comment',
      '    image:',
      '      repository: nvcr.io/nim/meta/llama-3.1-8b-instruct',
      '      tag: "1.8"',
      '',
    ].join('\n');
    const [diagnostic] = lint(text, 'v3.1.2');
    const fixed = applyFix(text, diagnostic);
    assert.ok(fixed.includes('spec: # the endpoint\n    authSecret: ngc-api-secret\n    # first comment\n'), fixed);
    assert.deepEqual(lint(fixed, 'v3.1.2'), []);
  });

  it('an empty authSecret is the webhook warning for both versions', () => {
    const text = replace(VALID, 'authSecret: ngc-api-secret', 'authSecret: ""');
    for (const version of ['main', 'v3.1.2'] as const) {
      const diagnostics = lint(text, version);
      assert.deepEqual(at(text, diagnostics), [{ code: 'auth-secret-missing', line: 9, from: 14, to: 16 }]);
      assert.equal(diagnostics[0].severity, 'warning');
    }
  });
});

describe('schema-cel through lint', () => {
  it('replicas with scale.enabled points at replicas with the operator message', () => {
    const text = replace(VALID, '  expose:\n', '  scale:\n    enabled: true\n    hpa:\n      maxReplicas: 3\n  expose:\n');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [{ code: 'schema-cel', line: 17, from: 2, to: 10 }]);
    assert.equal(diagnostics[0].message, 'spec.replicas cannot be set when spec.scale.enabled is true');
  });

  it('router with both ingress and gateway points at the ingress key', () => {
    const text = replace(VALID, '  expose:\n', '  expose:\n    router:\n      ingress:\n        ingressClass: nginx\n      gateway:\n        name: g\n        namespace: gw\n');
    const diagnostics = lint(text);
    assert.deepEqual(at(text, diagnostics), [{ code: 'schema-cel', line: 28, from: 6, to: 13 }]);
    assert.equal(diagnostics[0].message, 'ingress and gateway cannot be specified together');
  });
});

describe('robustness', () => {
  it('never throws on malformed or odd YAML', () => {
    const inputs = [
      'kind: NIMService\nspec: [\n',
      'kind: NIMService\napiVersion: apps.nvidia.com/v1alpha1\nspec:\n  image: *missing\n',
      'kind: NIMService\n---\nkind: NIMCache\nspec: 3\n',
      'kind: NIMService\nmetadata: []\nspec:\n  image:\n    - a\n  draResources: {}\n',
      'kind: NIMService\nspec:\n  ? [complex]\n  : key\n',
      'kind: NIMService\nspec:\n  image: &a {repository: r, tag: t}\n  other: *a\n',
      '\t\tkind: NIMService',
      '',
    ];
    for (const input of inputs) {
      const diagnostics = lint(input);
      assert.ok(Array.isArray(diagnostics));
      assert.ok(!diagnostics.some((d) => d.code === 'internal-error'), `${JSON.stringify(input)}: ${JSON.stringify(diagnostics)}`);
    }
  });
});
