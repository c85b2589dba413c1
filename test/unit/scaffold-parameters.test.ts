import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkParameter, parameterDefaults, renderTemplate, ScaffoldError, validateParameterInput } from '../../src/core/scaffold/index.js';

test('name: DNS-1123 label of at most 63 characters that starts with a letter', () => {
  for (const ok of ['a', 'qwen-image-edit', 'x'.repeat(63), 'llm-2']) assert.equal(validateParameterInput('name', ok), undefined, ok);
  assert.match(validateParameterInput('name', 'x'.repeat(64))!, /at most 63/);
  assert.match(validateParameterInput('name', 'My_Service')!, /DNS-1123 label/);
  assert.match(validateParameterInput('name', 'ends-with-')!, /DNS-1123 label/);
  assert.match(validateParameterInput('name', '2fast')!, /start with a letter/);
  assert.match(validateParameterInput('name', '')!, /required/);
});

test('namespace: DNS-1123 label; a leading digit is fine there', () => {
  assert.equal(validateParameterInput('namespace', '0-team'), undefined);
  assert.match(validateParameterInput('namespace', 'Team.A')!, /DNS-1123 label/);
});

test('storageClass: empty or a DNS-1123 subdomain', () => {
  assert.equal(validateParameterInput('storageClass', ''), undefined);
  assert.equal(validateParameterInput('storageClass', 'csi.example.com'), undefined);
  assert.match(validateParameterInput('storageClass', 'Fast SSD')!, /DNS-1123 subdomain/);
});

test('pvcSize: a positive quantity with a unit', () => {
  for (const ok of ['200Gi', '1.5Ti', '500G', '100Mi']) assert.equal(validateParameterInput('pvcSize', ok), undefined, ok);
  assert.match(validateParameterInput('pvcSize', '200')!, /with a unit/);
  assert.match(validateParameterInput('pvcSize', '200GB')!, /quantity/);
  assert.match(validateParameterInput('pvcSize', '0Gi')!, /greater than zero/);
});

test('gpuCount: a whole number of at least 1, from text or number; input is trimmed', () => {
  assert.deepEqual(checkParameter('gpuCount', ' 4 '), { ok: true, value: 4 });
  assert.deepEqual(checkParameter('gpuCount', 2), { ok: true, value: 2 });
  assert.deepEqual(checkParameter('name', ' spaced '), { ok: true, value: 'spaced' });
  for (const bad of ['0', '-1', '1.5', 'two', '']) assert.equal(checkParameter('gpuCount', bad).ok, false, bad);
});

test('renderTemplate reports every problem at once, and unknown templates and parameters by name', () => {
  assert.throws(() => renderTemplate('no-such-template'), (e: ScaffoldError) => /unknown template "no-such-template".*ngc-nim-llm/.test(e.message));
  assert.throws(
    () => renderTemplate('ngc-nim-llm', { name: 'Bad_Name', gpuCount: 0, replicas: 3 }),
    (e: ScaffoldError) => {
      assert.ok(e instanceof ScaffoldError);
      assert.equal(e.problems.length, 3);
      assert.match(e.message, /no parameter "replicas"; it takes name, namespace/);
      return true;
    },
  );
  // Secret templates only take a namespace: their names are what the endpoint templates reference.
  assert.throws(() => renderTemplate('hf-token-secret', { name: 'other' }), /has no parameter "name"/);
});

test('parameterDefaults lists the declared parameters with their defaults as input-box text', () => {
  const defaults = parameterDefaults(
    { parameters: { name: { default: 'a', targets: [{ kind: '*', path: ['x'] }] }, gpuCount: { default: 1, targets: [{ kind: '*', path: ['y'] }] } } } as never,
  );
  assert.deepEqual(defaults.map((d) => [d.name, d.defaultText, d.optional]), [['name', 'a', false], ['gpuCount', '1', false]]);
});
