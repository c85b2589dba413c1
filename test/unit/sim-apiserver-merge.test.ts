// Server-side apply's list semantics on schemas alone: a CRD's x-kubernetes-list-type map / set / atomic, sets as
// `v:` entries in fieldsV1, and the built-in kinds' merge keys from Kubernetes' OpenAPI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rootTyped } from '../../src/sim/apiserver/merge/builtinSchemas.js';
import { listKind } from '../../src/sim/apiserver/merge/listSemantics.js';
import { serverSideApply } from '../../src/sim/apiserver/merge/managedFields.js';
import { fieldOf } from '../../src/sim/apiserver/merge/typeSchema.js';
import type { KubeObject } from '../../src/sim/store/types.js';

const crdSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'], items: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' }, name: { type: 'string' } } } },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        args: { type: 'array', items: { type: 'string' } },
      },
    },
  },
};
const typed = rootTyped('example.com', 'v1', 'Widget', crdSchema);
const widget = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec });
const apply = (current: KubeObject | undefined, spec: Record<string, unknown>, manager: string, force = false) =>
  serverSideApply(current, widget(spec), { manager, force, apiVersion: 'example.com/v1', now: '2025-01-01T00:00:00Z', hasStatusSubresource: false, target: { name: 'w', group: 'example.com', plural: 'widgets' }, typed });

describe('server-side apply list semantics', () => {
  it('merges a CRD map-list by its keys (with the schema default for a missing key) and a set by value', () => {
    const a = apply(undefined, { ports: [{ port: 80, name: 'http' }], tags: ['a'], args: ['--x'] }, 'a');
    const b = apply(a, { ports: [{ port: 443, protocol: 'TCP', name: 'https' }], tags: ['b'] }, 'b');
    assert.deepEqual((b.spec as any).ports, [{ port: 80, name: 'http', protocol: 'TCP' }, { port: 443, protocol: 'TCP', name: 'https' }]);
    assert.deepEqual((b.spec as any).tags, ['a', 'b']);
    const fields = Object.fromEntries((b.metadata.managedFields as any[]).map((m) => [m.manager, m.fieldsV1]));
    assert.deepEqual(fields.a['f:spec']['f:ports'], { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} } });
    assert.deepEqual(fields.b['f:spec']['f:tags'], { 'v:"b"': {} });
    assert.deepEqual(fields.a['f:spec']['f:args'], {});
  });

  it('replaces an atomic list whole and conflicts on it as one field', () => {
    const a = apply(undefined, { args: ['--x', '--y'] }, 'a');
    assert.throws(() => apply(a, { args: ['--z'] }, 'b'), /Apply failed with 1 conflict: conflict with "a": \.spec\.args/);
    assert.deepEqual((apply(a, { args: ['--z'] }, 'b', true).spec as any).args, ['--z']);
  });

  it('removes only the items a manager stops applying that no one else owns', () => {
    const a = apply(undefined, { ports: [{ port: 80 }, { port: 81 }], tags: ['a', 'b'] }, 'a');
    const b = apply(a, { tags: ['b'] }, 'b');
    const again = apply(b, { ports: [{ port: 81 }] }, 'a');
    assert.deepEqual((again.spec as any).ports, [{ port: 81, protocol: 'TCP' }]);
    assert.deepEqual((again.spec as any).tags, ['b'], 'b still owns tag b');
  });

  it('takes built-in list semantics from the Kubernetes OpenAPI', () => {
    const podSpec = fieldOf(fieldOf(rootTyped('', 'v1', 'Pod'), 'spec'), 'containers');
    assert.deepEqual(listKind(podSpec), { type: 'map', keys: ['name'] });
    const spec = fieldOf(rootTyped('', 'v1', 'Pod'), 'spec');
    assert.deepEqual(listKind(fieldOf(spec, 'tolerations')), { type: 'atomic' });
    assert.deepEqual(listKind(fieldOf(spec, 'volumes')), { type: 'map', keys: ['name'] });
    assert.deepEqual(listKind(fieldOf(fieldOf(rootTyped('', 'v1', 'Service'), 'spec'), 'ports')), { type: 'map', keys: ['port', 'protocol'] });
    assert.deepEqual(listKind(fieldOf(fieldOf(rootTyped('', 'v1', 'Pod'), 'metadata'), 'finalizers')), { type: 'set' });
  });
});
