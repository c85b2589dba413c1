// The one TARGET grammar: what the CLI's doctor/logs/health and the extension's input box accept, with one error text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTarget, parseTargetLine, TARGET_FORMS, TargetSyntaxError } from '../../src/core/kube/target.js';
import { parseCliTarget } from '../../src/cli/commands/clusterOptions.js';
import { parseTarget as parseHealthTarget, ClusterTargetError } from '../../src/core/health/checkClusterTarget.js';

test('NAME, NAMESPACE/NAME, nimservice/NAME and pod/NAME, with -n', () => {
  assert.deepEqual(parseTarget('qwen'), { namespace: undefined, kind: 'nimservice', name: 'qwen' });
  assert.deepEqual(parseTarget('qwen', 'osmo'), { namespace: 'osmo', kind: 'nimservice', name: 'qwen' });
  assert.deepEqual(parseTarget('osmo/qwen'), { namespace: 'osmo', kind: 'nimservice', name: 'qwen' });
  assert.deepEqual(parseTarget('osmo/qwen', 'osmo'), { namespace: 'osmo', kind: 'nimservice', name: 'qwen' });
  assert.deepEqual(parseTarget('nimservices.apps.nvidia.com/qwen', 'osmo'), { namespace: 'osmo', kind: 'nimservice', name: 'qwen' });
  assert.deepEqual(parseTarget('pod/qwen-7d9f-abcde'), { namespace: undefined, kind: 'pod', name: 'qwen-7d9f-abcde' });
  assert.deepEqual(parseTarget('po/qwen-7d9f-abcde', 'osmo'), { namespace: 'osmo', kind: 'pod', name: 'qwen-7d9f-abcde' });
});

test('bad TARGETs get one message naming every form', () => {
  for (const bad of ['a/b/c', '/qwen', 'qwen/', '', 'Qwen', 'osmo/qwen edit']) {
    assert.throws(() => parseTarget(bad), (e: Error) => e instanceof TargetSyntaxError && e.message === `cannot read TARGET ${JSON.stringify(bad)}: use ${TARGET_FORMS}`, bad);
  }
  assert.throws(() => parseTarget('osmo/qwen', 'other'), /TARGET says namespace osmo but -n says other/);
});

test('one line as typed in the extension reads like the command line', () => {
  assert.deepEqual(parseTargetLine('  pod/qwen-abc -n osmo '), { namespace: 'osmo', kind: 'pod', name: 'qwen-abc' });
  assert.deepEqual(parseTargetLine('--namespace=osmo qwen'), { namespace: 'osmo', kind: 'nimservice', name: 'qwen' });
  assert.deepEqual(parseTargetLine('osmo/qwen'), { namespace: 'osmo', kind: 'nimservice', name: 'qwen' });
  assert.throws(() => parseTargetLine('qwen -n'), /-n needs a namespace/);
  assert.throws(() => parseTargetLine('a b'), new RegExp(`use ${TARGET_FORMS.replace(/[()]/g, '\\$&')}`));
});

test('the CLI and the health check use the same grammar and text', () => {
  assert.deepEqual(parseCliTarget('pod/x', undefined, 'default'), { namespace: 'default', kind: 'pod', name: 'x' });
  assert.throws(() => parseCliTarget('a/b/c', undefined, 'default'), (e: Error) => e.message === `cannot read TARGET "a/b/c": use ${TARGET_FORMS}`);
  assert.throws(() => parseHealthTarget('a/b/c'), (e: Error) => e instanceof ClusterTargetError && e.message === `cannot read TARGET "a/b/c": use ${TARGET_FORMS}`);
  assert.throws(() => parseHealthTarget('pod/x'), /health checks a NIMService, not a pod/);
  assert.deepEqual(parseHealthTarget('osmo/qwen'), { namespace: 'osmo', name: 'qwen' });
});
