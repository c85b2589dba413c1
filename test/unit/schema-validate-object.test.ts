import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { prunedFields, pruneUnknownFields, validateObject } from '../../src/core/schema/validateObject.js';

const VALID = parse(readFileSync(new URL('../fixtures/schema/valid-nimservice.yaml', import.meta.url), 'utf8'));

describe('validateObject (the simulated API server)', () => {
  it('accepts the valid fixture and ignores other kinds', () => {
    assert.deepEqual(validateObject(VALID, 'main'), []);
    assert.deepEqual(validateObject(VALID, 'v3.1.2'), []);
    assert.deepEqual(validateObject({ kind: 'Deployment', spec: 5 }), []);
    assert.deepEqual(validateObject(null), []);
  });

  it('reports API field errors with the reasons the API server uses', () => {
    const object = structuredClone(VALID);
    delete object.spec.authSecret;
    object.spec.image.tag = 1.8;
    object.spec.inferencePlatform = 'kserv';
    object.spec.expose.service.port = 0;
    delete object.spec.image.repository;
    assert.deepEqual(validateObject(object, 'v3.1.2'), [
      { field: 'spec.image.tag', type: 'FieldValueTypeInvalid', message: 'Invalid value: "number": spec.image.tag in body must be of type string: "number"' },
      { field: 'spec.image.repository', type: 'FieldValueRequired', message: 'Required value' },
      { field: 'spec.inferencePlatform', type: 'FieldValueNotSupported', message: 'Unsupported value: "kserv": supported values: "standalone", "kserve"' },
      { field: 'spec.expose.service.port', type: 'FieldValueInvalid', message: 'Invalid value: 0: spec.expose.service.port in body should be greater than or equal to 1' },
      { field: 'spec.authSecret', type: 'FieldValueRequired', message: 'Required value' },
    ]);
    assert.equal(validateObject(object, 'main').some((e) => e.field === 'spec.authSecret'), false);
  });

  it('treats null as absent and checks metadata', () => {
    const object = structuredClone(VALID);
    object.spec.image.tag = null;
    object.metadata = { name: 'Bad_Name' };
    assert.deepEqual(validateObject(object, 'main').map((e) => [e.field, e.type]), [
      ['metadata.name', 'FieldValueInvalid'],
      ['spec.image.tag', 'FieldValueRequired'],
    ]);
  });
});

describe('prunedFields / pruneUnknownFields', () => {
  it('lists unknown fields the API server drops, and removes them from a copy', () => {
    const object = structuredClone(VALID);
    object.spec.router = { hostDomainName: 'x' };
    object.spec.env[0].bogus = 1;
    object.metadata.uid = 'kept';
    assert.deepEqual(prunedFields(object, 'main'), ['spec.env[0].bogus', 'spec.router']);
    assert.deepEqual(validateObject(object, 'main'), []);
    const pruned = pruneUnknownFields(object, 'main');
    assert.equal('router' in pruned.spec, false);
    assert.equal('bogus' in pruned.spec.env[0], false);
    assert.equal(pruned.metadata.uid, 'kept');
    assert.equal(object.spec.router.hostDomainName, 'x');
    assert.equal(pruneUnknownFields(VALID), VALID);
  });
});
