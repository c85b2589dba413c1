import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayServer } from '../../src/core/kube/displayServer.js';

test('server URLs are shown without credentials: user:password and path tokens masked, proxy paths kept', () => {
  assert.equal(displayServer('http://127.0.0.1:38505/token/0ac9aee8a5b6d5b839'), 'http://127.0.0.1:38505/token/***');
  assert.equal(displayServer('https://admin:s3cret@k8s.example.com:6443'), 'https://k8s.example.com:6443');
  assert.equal(displayServer('https://rancher.example.com/k8s/clusters/c-m-abc12'), 'https://rancher.example.com/k8s/clusters/c-m-abc12');
  assert.equal(displayServer('https://proxy.example.com/token=abcdef/api'), 'https://proxy.example.com/token=***/api');
  assert.equal(displayServer('not a url'), '?');
  assert.equal(displayServer(undefined), '?');
});
