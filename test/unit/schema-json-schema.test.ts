import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';

const schema = JSON.parse(readFileSync(new URL('../../schemas/nimservice.schema.json', import.meta.url), 'utf8'));
const valid = readFileSync(new URL('../fixtures/schema/valid-nimservice.yaml', import.meta.url), 'utf8');

describe('schemas/nimservice.schema.json in yaml-language-server (what yamlValidation users get)', () => {
  it('flags unknown fields and a float tag, accepts valid NIMServices and other kinds', async () => {
    const service = getLanguageService({ schemaRequestService: async () => JSON.stringify(schema), workspaceContext: { resolveRelativePath: (path: string) => path } });
    service.configure({ validate: true, schemas: [{ uri: 'file:///nimservice.schema.json', fileMatch: ['*.yaml'], schema }] });
    const text = [
      valid,
      valid.replace('tag: "1.8"', 'tag: 1.8').replace('  expose:\n', '  router: {}\n  expose:\n'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {router: b}\n',
    ].join('---\n');
    const diagnostics = await service.doValidation(TextDocument.create('file:///x.yaml', 'yaml', 1, text), false);
    const secondStart = valid.split('\n').length - 1 + 1;
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line - secondStart, d.message]),
      [
        [12, 'Incorrect type. Expected "string".'],
        [26, 'Property router is not allowed.'],
      ],
    );
  });
});
