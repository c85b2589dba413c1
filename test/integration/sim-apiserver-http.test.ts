// The simulated API server's answers to raw HTTP: apiserver-shaped Status errors for bad input, discovery shapes,
// patch flavours; it must never crash on a request.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../src/sim/index.js';

describe('simulated API server over raw HTTP', () => {
  let sim: Simulator;
  let token: string;
  const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${sim.url}${path}`, { method, body, headers: { Authorization: `Bearer ${token}`, ...headers } });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text, type: response.headers.get('content-type') };
  };
  const assertStatus = (r: { status: number; json: any }, code: number, reason: string) => {
    assert.equal(r.status, code);
    assert.equal(r.json.kind, 'Status');
    assert.equal(r.json.apiVersion, 'v1');
    assert.equal(r.json.status, 'Failure');
    assert.equal(r.json.code, code);
    assert.equal(r.json.reason, reason);
    assert.equal(typeof r.json.message, 'string');
  };

  before(async () => {
    sim = await startSimulator({ bodyLimit: 64 * 1024 });
    token = sim.apiServer.users.find((u) => u.role === 'admin')!.token;
  });
  after(async () => sim?.stop());

  it('answers /version without credentials and everything else 401 without them', async () => {
    const version = await fetch(`${sim.url}/version`);
    assert.equal(((await version.json()) as { gitVersion: string }).gitVersion, 'v1.33.1');
    const r = await fetch(`${sim.url}/api/v1/pods`);
    assert.equal(r.status, 401);
    assert.equal(((await r.json()) as { reason: string }).reason, 'Unauthorized');
  });

  it('serves aggregated discovery when asked and plain discovery otherwise', async () => {
    const plain = await call('GET', '/apis');
    assert.equal(plain.json.kind, 'APIGroupList');
    assert.ok(plain.json.groups.some((g: any) => g.name === 'apps.nvidia.com'));
    const aggregated = await call('GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    assert.equal(aggregated.json.kind, 'APIGroupDiscoveryList');
    assert.match(aggregated.type ?? '', /as=APIGroupDiscoveryList/);
    const nim = aggregated.json.items.find((i: any) => i.metadata.name === 'apps.nvidia.com').versions[0].resources.find((r: any) => r.resource === 'nimservices');
    assert.deepEqual(nim.subresources.map((s: any) => s.subresource), ['status']);
    const openapi = await call('GET', '/openapi/v3');
    const url = openapi.json.paths['apis/apps.nvidia.com/v1alpha1'].serverRelativeURL;
    const doc = await call('GET', url);
    const patch = doc.json.paths['/apis/apps.nvidia.com/v1alpha1/namespaces/{namespace}/nimservices/{name}'].patch;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps.nvidia.com', version: 'v1alpha1', kind: 'NIMService' });
    assert.ok(patch.parameters.some((p: any) => p.name === 'fieldValidation'));
  });

  it('refuses malformed JSON and YAML bodies with 400', async () => {
    assertStatus(await call('POST', '/api/v1/namespaces/default/configmaps', '{"kind": "ConfigMap", ', { 'Content-Type': 'application/json' }), 400, 'BadRequest');
    assertStatus(await call('POST', '/api/v1/namespaces/default/configmaps', '[1,2]', { 'Content-Type': 'application/json' }), 400, 'BadRequest');
    assertStatus(
      await call('PATCH', '/api/v1/namespaces/default/configmaps/x?fieldManager=t', 'a: [unclosed', { 'Content-Type': 'application/apply-patch+yaml' }),
      400,
      'BadRequest',
    );
    assertStatus(await call('POST', '/api/v1/namespaces/default/configmaps', 'x', { 'Content-Type': 'text/plain' }), 415, 'UnsupportedMediaType');
    assertStatus(await call('POST', '/api/v1/namespaces/default/pods', '{"apiVersion":"apps/v1","kind":"Pod","metadata":{"name":"p"}}', { 'Content-Type': 'application/json' }), 400, 'BadRequest');
  });

  it('answers unknown resources and objects with 404 Status', async () => {
    assertStatus(await call('GET', '/api/v1/widgets'), 404, 'NotFound');
    assertStatus(await call('GET', '/apis/nope.example.com/v1/things'), 404, 'NotFound');
    assertStatus(await call('GET', '/totally/unknown'), 404, 'NotFound');
    const missing = await call('GET', '/apis/apps.nvidia.com/v1alpha1/namespaces/default/nimservices/ghost');
    assertStatus(missing, 404, 'NotFound');
    assert.equal(missing.json.message, 'nimservices.apps.nvidia.com "ghost" not found');
    assert.deepEqual(missing.json.details, { name: 'ghost', group: 'apps.nvidia.com', kind: 'nimservices' });
  });

  it('refuses oversize bodies with 413', async () => {
    const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { x: 'a'.repeat(100 * 1024) } });
    assertStatus(await call('POST', '/api/v1/namespaces/default/configmaps', big, { 'Content-Type': 'application/json' }), 413, 'RequestEntityTooLarge');
  });

  it('rejects bad selectors, bad limits and bad continue tokens with 400', async () => {
    assertStatus(await call('GET', '/api/v1/pods?labelSelector=a%20in%20(b'), 400, 'BadRequest');
    assertStatus(await call('GET', '/api/v1/pods?limit=-3'), 400, 'BadRequest');
    assertStatus(await call('GET', '/api/v1/pods?limit=1&continue=garbage'), 400, 'BadRequest');
    assertStatus(await call('GET', '/api/v1/pods?watch=true&resourceVersion=abc'), 400, 'BadRequest');
  });

  it('patches with JSON merge, JSON patch and strategic merge, and refuses strategic merge for custom resources', async () => {
    const cm = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p1","labels":{"a":"1"}},"data":{"k":"v"}}';
    assert.equal((await call('POST', '/api/v1/namespaces/default/configmaps', cm, { 'Content-Type': 'application/json' })).status, 201);
    const merged = await call('PATCH', '/api/v1/namespaces/default/configmaps/p1', '{"metadata":{"labels":{"a":null,"b":"2"}}}', { 'Content-Type': 'application/merge-patch+json' });
    assert.deepEqual(merged.json.metadata.labels, { b: '2' });
    const jsonPatched = await call('PATCH', '/api/v1/namespaces/default/configmaps/p1', '[{"op":"add","path":"/data/n","value":"1"},{"op":"remove","path":"/data/k"}]', { 'Content-Type': 'application/json-patch+json' });
    assert.deepEqual(jsonPatched.json.data, { n: '1' });
    assertStatus(await call('PATCH', '/api/v1/namespaces/default/configmaps/p1', '[{"op":"remove","path":"/data/missing"}]', { 'Content-Type': 'application/json-patch+json' }), 400, 'BadRequest');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sm' }, spec: { containers: [{ name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }] }, { name: 'b', image: 'b:1' }] } };
    await call('POST', '/api/v1/namespaces/default/pods', JSON.stringify(pod), { 'Content-Type': 'application/json' });
    const strategic = await call('PATCH', '/api/v1/namespaces/default/pods/sm', JSON.stringify({ spec: { containers: [{ name: 'a', image: 'a:2', env: [{ name: 'Y', value: '2' }] }] } }), {
      'Content-Type': 'application/strategic-merge-patch+json',
    });
    assert.equal(strategic.status, 200, strategic.text);
    assert.deepEqual(strategic.json.spec.containers.map((c: any) => `${c.name}=${c.image}`), ['a=a:2', 'b=b:1']);
    assert.deepEqual(strategic.json.spec.containers[0].env.map((e: any) => e.name), ['X', 'Y']);
    const nim = { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name: 'n' }, spec: { image: { repository: 'r', tag: 't' }, authSecret: 's' } };
    assert.equal((await call('POST', '/apis/apps.nvidia.com/v1alpha1/namespaces/default/nimservices', JSON.stringify(nim), { 'Content-Type': 'application/json' })).status, 201);
    assertStatus(await call('PATCH', '/apis/apps.nvidia.com/v1alpha1/namespaces/default/nimservices/n', '{"spec":{}}', { 'Content-Type': 'application/strategic-merge-patch+json' }), 415, 'UnsupportedMediaType');
  });

  it('answers an invalid NIMService with the apiserver 422 shape', async () => {
    const bad = { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name: 'bad' }, spec: { authSecret: 's' } };
    const r = await call('POST', '/apis/apps.nvidia.com/v1alpha1/namespaces/default/nimservices', JSON.stringify(bad), { 'Content-Type': 'application/json' });
    assertStatus(r, 422, 'Invalid');
    assert.equal(r.json.message, 'NIMService.apps.nvidia.com "bad" is invalid: spec.image: Required value');
    assert.deepEqual(r.json.details.causes, [{ reason: 'FieldValueRequired', type: 'FieldValueRequired', message: 'Required value', field: 'spec.image' }]);
  });

  it('reports stale resourceVersions on update as 409 Conflict', async () => {
    const current = await call('GET', '/api/v1/namespaces/default/configmaps/p1');
    const stale = { ...current.json, metadata: { ...current.json.metadata, resourceVersion: '1' } };
    const r = await call('PUT', '/api/v1/namespaces/default/configmaps/p1', JSON.stringify(stale), { 'Content-Type': 'application/json' });
    assertStatus(r, 409, 'Conflict');
    assert.match(r.json.message, /^Operation cannot be fulfilled on configmaps "p1": the object has been modified/);
  });

  it('survives a burst of garbage requests', async () => {
    const junk = ['/api/v1/namespaces/%ZZ/pods', '/apis/apps/v1/namespaces/default/deployments/x/y/z/w', '/api/v1/namespaces/default/pods/x/log', '/openapi/v3/apis/none/v1'];
    for (const path of junk) {
      const r = await call('GET', path);
      assert.ok(r.status >= 400 && r.status < 500, `${path} → ${r.status}`);
    }
    const methods = await call('OPTIONS', '/api/v1/pods');
    assert.equal(methods.status, 405);
    const still = await call('GET', '/api/v1/namespaces');
    assert.equal(still.status, 200);
  });
});
