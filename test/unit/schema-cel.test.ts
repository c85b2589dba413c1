import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CelEvalError, evaluateCel, isTransitionRule } from '../../src/core/schema/cel/celEval.js';
import { CelSyntaxError, parseCel } from '../../src/core/schema/cel/celParser.js';
import { crdSchema, SCHEMA_KINDS } from '../../src/core/schema/crdSchemas.js';
import type { SchemaNode } from '../../src/core/schema/schemaNode.js';
import { validateObject } from '../../src/core/schema/validateObject.js';

/** Every x-kubernetes-validations rule of both kinds and both operator versions. */
function allRules(): Array<{ rule: string; message: string; where: string }> {
  const out = new Map<string, { rule: string; message: string; where: string }>();
  const walk = (node: SchemaNode, where: string) => {
    for (const v of node.validations ?? []) out.set(v.rule, { ...v, where });
    for (const [name, child] of Object.entries(node.properties ?? {})) walk(child, `${where}.${name}`);
    if (node.items) walk(node.items, `${where}[]`);
    if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${where}{}`);
  };
  for (const kind of SCHEMA_KINDS) for (const version of ['main', 'v3.1.2'] as const) walk(crdSchema(kind, version), kind);
  return [...out.values()];
}

/** A violating and a passing `self` for each non-transition rule, keyed by the operator's message. */
const EXAMPLES: Record<string, { violating: unknown[]; passing: unknown[] }> = {
  'autoScaling must be nil or disabled when multiNode is set': {
    violating: [{ multiNode: {}, scale: { enabled: true } }],
    passing: [{ multiNode: {}, scale: { enabled: false } }, { scale: { enabled: true } }, { multiNode: {} }],
  },
  'spec.replicas cannot be set when spec.scale.enabled is true': {
    violating: [{ replicas: 2, scale: { enabled: true } }],
    passing: [{ replicas: 2, scale: { enabled: false } }, { scale: { enabled: true } }, { replicas: 2 }],
  },
  '.spec.expose.ingress is deprecated, and will be removed in a future release. If .spec.expose.ingress is set, please do not set .spec.expose.router.ingress.': {
    violating: [{ expose: { ingress: { enabled: true }, router: { ingress: { ingressClass: 'nginx' } } } }],
    passing: [{ expose: { ingress: { enabled: false }, router: { ingress: {} } } }, { expose: { ingress: { enabled: true } } }, {}],
  },
  'exactly one of spec.resourceClaimName, spec.resourceClaimTemplateName, or spec.claimCreationSpec must be set.': {
    violating: [{}, { resourceClaimName: 'a', resourceClaimTemplateName: 'b' }],
    passing: [{ resourceClaimName: 'a' }, { claimCreationSpec: {} }],
  },
  'celExpressions must not be set if attributeSelectors or capacitySelectors are set': {
    violating: [{ celExpressions: ['true'], attributeSelectors: [] }, { celExpressions: [], capacitySelectors: [] }],
    passing: [{ celExpressions: ['true'] }, { attributeSelectors: [] }, {}],
  },
  'ingress and gateway cannot be specified together': {
    violating: [{ ingress: {}, gateway: {} }],
    passing: [{ ingress: {} }, { gateway: {} }],
  },
  'specify either configMapRef or config, not both': {
    violating: [{ configMapRef: {}, config: {} }],
    passing: [{ config: {} }, { configMapRef: {} }],
  },
  'Must have port for Service reference': {
    violating: [{ group: '', kind: 'Service', name: 'svc' }],
    passing: [{ group: '', kind: 'Service', name: 'svc', port: 8000 }, { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'p' }],
  },
  'mpi and ray are mutually exclusive': {
    violating: [{ mpi: {}, ray: {} }],
    passing: [{ mpi: {} }, { ray: {} }, {}],
  },
  'if create is true, name must not be set; otherwise name is required.': {
    violating: [{ create: true, name: 'cd' }, { create: false }, { name: '' }],
    passing: [{ create: true }, { create: false, name: 'cd' }, { name: 'cd' }],
  },
  'exactly one of resourceClaimStatus and resourceClaimTemplateStatus must be set.': {
    violating: [{}, { resourceClaimStatus: {}, resourceClaimTemplateStatus: {} }],
    passing: [{ resourceClaimStatus: {} }, { resourceClaimTemplateStatus: {} }],
  },
  'Exactly one of modelName or datasetName must be defined': {
    violating: [{}, { modelName: 'm', datasetName: 'd' }],
    passing: [{ modelName: 'm' }, { datasetName: 'd' }],
  },
  "Only one of 'model' or 'modelEndpoint' can be specified": {
    violating: [{ model: {}, modelEndpoint: 'e' }],
    passing: [{ model: {} }, { modelEndpoint: 'e' }, {}],
  },
  'Exactly one of ngc, dataStore, or hf must be defined': {
    violating: [{}, { ngc: {}, hf: {} }],
    passing: [{ ngc: {} }, { dataStore: {} }, { hf: {} }],
  },
};

describe('CEL rules in the CRDs', () => {
  const rules = allRules();

  it('finds the 16 distinct rules of NIMService and NIMCache (2 of them transition rules)', () => {
    assert.equal(rules.length, 16);
    assert.equal(rules.filter((r) => isTransitionRule(r.rule)).length, 2);
  });

  for (const { rule, message, where } of rules) {
    if (isTransitionRule(rule)) {
      it(`transition rule at ${where} parses and compares with oldSelf`, () => {
        parseCel(rule);
        const self = rule.includes('draResources') ? { draResources: [{ resourceClaimName: 'a' }] } : { image: 'x' };
        const changed = rule.includes('draResources') ? { draResources: [{ resourceClaimName: 'b' }] } : { image: 'y' };
        assert.equal(evaluateCel(rule, { self, oldSelf: self }), true);
        assert.equal(evaluateCel(rule, { self, oldSelf: changed }), false);
      });
      continue;
    }
    it(`${where}: ${message}`, () => {
      const examples = EXAMPLES[message];
      assert.ok(examples, `no examples for rule ${rule}`);
      for (const self of examples.violating) assert.equal(evaluateCel(rule, { self }), false, `should fail: ${JSON.stringify(self)}`);
      for (const self of examples.passing) assert.equal(evaluateCel(rule, { self }), true, `should pass: ${JSON.stringify(self)}`);
    });
  }
});

describe('CEL evaluator', () => {
  it('evaluates operators, literals, ternary and functions', () => {
    assert.equal(evaluateCel("1 + 2 * 3 == 7 && 'a' + 'b' == 'ab' && 7 / 2 == 3 && 7 % 2 == 1", {}), true);
    assert.equal(evaluateCel('self.a > 1 ? "big" : "small"', { self: { a: 2 } }), 'big');
    assert.equal(evaluateCel('size(self.s) == 3 && self.s.size() == 3 && size(self.l) == 2', { self: { s: 'héj', l: [1, 2] } }), true);
    assert.equal(evaluateCel("self.s.startsWith('nv') && self.s.endsWith('io') && self.s.contains('cr') && self.s.matches('^nv.*$')", { self: { s: 'nvcr.io' } }), true);
    assert.equal(evaluateCel("'b' in self.l && !('z' in self.m) && self.l[1] == 'b' && self.m['k'] == 1", { self: { l: ['a', 'b'], m: { k: 1 } } }), true);
    assert.equal(evaluateCel('-self.n == -3 && self.x == null && [1, 2] == [1, 2]', { self: { n: 3, x: null } }), true);
  });

  it('selecting a missing field is an error, absorbed by && / || like CEL', () => {
    assert.throws(() => evaluateCel('self.missing == 1', { self: {} }), CelEvalError);
    assert.equal(evaluateCel('self.missing == 1 && false', { self: {} }), false);
    assert.equal(evaluateCel('true || self.missing == 1', { self: {} }), true);
    assert.throws(() => evaluateCel('self.missing == 1 || false', { self: {} }), /no such key: missing/);
  });

  it('reports syntax errors with a position', () => {
    assert.throws(() => parseCel('has(self.a'), CelSyntaxError);
    assert.throws(() => parseCel('self.a == '), /unexpected 'end of rule'/);
    assert.throws(() => parseCel('self.a # 1'), /unexpected character '#' at 7/);
  });
});

describe('CEL rules through validateObject', () => {
  const base = { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name: 'x' }, spec: { authSecret: 's', image: { repository: 'r', tag: 't' } } };

  it('reports the rule at the object it sits on, with the operator message', () => {
    const object = { ...base, spec: { ...base.spec, replicas: 2, scale: { enabled: true, hpa: { maxReplicas: 3 } } } };
    assert.deepEqual(validateObject(object, 'main'), [{ field: 'spec', type: 'FieldValueInvalid', message: 'Invalid value: "object": spec.replicas cannot be set when spec.scale.enabled is true' }]);
  });

  it('applies CRD defaults before the rule (backendRef group "" and kind Service)', () => {
    const gateway = (backendRef: object) => ({ ...base, spec: { ...base.spec, expose: { router: { hostDomainName: 'example.com', gateway: { name: 'g', namespace: 'n', backendRef } } } } });
    assert.deepEqual(validateObject(gateway({ name: 'svc' }), 'main').map((e) => e.message), ['Invalid value: "object": Must have port for Service reference']);
    assert.deepEqual(validateObject(gateway({ name: 'svc', port: 8000 }), 'main'), []);
  });

  it('NIMCache: exactly one source', () => {
    const cache = { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMCache', metadata: { name: 'c' }, spec: { source: {}, storage: { pvc: { create: true, size: '1Gi' } } } };
    assert.deepEqual(validateObject(cache, 'main'), [{ field: 'spec.source', type: 'FieldValueInvalid', message: 'Invalid value: "object": Exactly one of ngc, dataStore, or hf must be defined' }]);
  });
});
