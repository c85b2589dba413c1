import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCrdYaml, crdVersions } from '../../src/sim/apiserver/crd.js';
import { humanDuration } from '../../src/sim/apiserver/humanDuration.js';
import { rootTyped } from '../../src/sim/apiserver/merge/builtinSchemas.js';
import { serverSideApply } from '../../src/sim/apiserver/merge/managedFields.js';
import { applyStrategicMergePatch } from '../../src/sim/apiserver/merge/strategicMerge.js';
import { parseFieldSelector, parseLabelSelector } from '../../src/sim/apiserver/selectors.js';
import { ApiError } from '../../src/sim/apiserver/status.js';
import { basicSchemaValidator, invalidError } from '../../src/sim/apiserver/validation.js';
import { bundledCrdYaml } from '../../src/sim/crds/index.js';
import type { KubeObject } from '../../src/sim/store/types.js';

const opts = (manager: string, force = false) => ({
  manager,
  force,
  apiVersion: 'apps.nvidia.com/v1alpha1',
  now: '2025-01-01T00:00:00Z',
  hasStatusSubresource: true,
  target: { name: 'x', group: 'apps.nvidia.com', plural: 'nimservices' },
  typed: rootTyped('apps.nvidia.com', 'v1alpha1', 'NIMService', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
});
const nim = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name: 'x', namespace: 'default' }, spec });

describe('server-side apply', () => {
  it('removes fields the manager stopped applying and keeps shared ones', () => {
    const first = serverSideApply(undefined, nim({ replicas: 1, authSecret: 's', env: [{ name: 'A' }] }), opts('a'));
    const shared = serverSideApply(first, nim({ authSecret: 's' }), opts('b'));
    const second = serverSideApply(shared, nim({ replicas: 1 }), opts('a'));
    assert.deepEqual(second.spec, { replicas: 1, authSecret: 's' });
  });

  it('words multi-conflict messages like structured-merge-diff', () => {
    const first = serverSideApply(undefined, nim({ replicas: 1, authSecret: 's' }), opts('a'));
    assert.throws(
      () => serverSideApply(first, nim({ replicas: 2, authSecret: 't' }), opts('b')),
      (e: unknown) => e instanceof ApiError && e.code === 409 && e.message === 'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.authSecret\n- .spec.replicas',
    );
  });

  it('ignores status on the main resource', () => {
    const applied = serverSideApply(undefined, { ...nim({ replicas: 1 }), status: { state: 'Ready' } }, opts('a'));
    assert.equal(applied.status, undefined);
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and honours $patch: delete', () => {
    const pod = { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }] } };
    const out = applyStrategicMergePatch(pod, { spec: { containers: [{ name: 'b', $patch: 'delete' }, { name: 'c', image: '2' }] } }, rootTyped('', 'v1', 'Pod')) as any;
    assert.deepEqual(out.spec.containers.map((c: any) => c.name), ['a', 'c']);
  });
});

describe('selectors', () => {
  const obj = (labels: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels }, ...extra });
  it('parses set-based label selectors', () => {
    const s = parseLabelSelector('app in (a,b),tier!=db,!legacy,gpu');
    assert.equal(s(obj({ app: 'a', gpu: 'h100' })), true);
    assert.equal(s(obj({ app: 'a', gpu: 'h100', legacy: 'y' })), false);
    assert.equal(s(obj({ app: 'c', gpu: 'h100' })), false);
  });
  it('supports != in field selectors and rejects unknown fields', () => {
    const s = parseFieldSelector('status.phase!=Succeeded,spec.nodeName=n1', 'Pod');
    assert.equal(s(obj({}, { spec: { nodeName: 'n1' }, status: { phase: 'Running' } })), true);
    assert.equal(s(obj({}, { spec: { nodeName: 'n1' }, status: { phase: 'Succeeded' } })), false);
    assert.throws(() => parseFieldSelector('spec.foo=1', 'Pod'), /field label not supported: spec\.foo/);
  });
});

describe('CRD handling', () => {
  it('derives the NIMService type, printer columns and a validator from the bundled CRD', () => {
    const [crd] = parseCrdYaml(bundledCrdYaml['apps.nvidia.com_nimservices.yaml'], 'bundled');
    const [served] = crdVersions(crd);
    assert.equal(served.type.kind, 'NIMService');
    assert.deepEqual(served.printerColumns.map((c) => c.name), ['Status', 'Age']);
    const problems = basicSchemaValidator(served.schema!)({ apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name: 'n' }, spec: { authSecret: 's' } });
    assert.deepEqual(problems, [{ field: 'spec.image', type: 'FieldValueRequired', message: 'Required value' }]);
    assert.equal(invalidError('NIMService', 'apps.nvidia.com', 'n', problems).message, 'NIMService.apps.nvidia.com "n" is invalid: spec.image: Required value');
  });
});

describe('humanDuration', () => {
  it('prints ages like kubectl', () => {
    const s = 1000;
    assert.deepEqual([45 * s, 200 * s, 42 * 60 * s, (5 * 3600 + 180) * s, 20 * 3600 * s, (3 * 24 + 4) * 3600 * s].map(humanDuration), ['45s', '3m20s', '42m', '5h3m', '20h', '3d4h']);
  });
});
