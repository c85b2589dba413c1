import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultTemplatesDir, loadTemplates, renderScaffold, templatesDirIn } from '../../src/core/scaffold/index.js';

const metadata = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'tiny',
    title: 'Tiny',
    description: 'test template',
    category: 'endpoint',
    manifest: 'tiny.yaml',
    fileName: '{name}.yaml',
    secrets: [],
    parameters: {
      name: { default: 'tiny', targets: [{ kind: 'NIMService', path: ['metadata', 'name'] }] },
      gpuCount: { default: 1, targets: [{ kind: 'NIMService', argAfter: '--tp' }] },
    },
    ...over,
  });

const MANIFEST = '# keep me\nkind: NIMService\nmetadata:\n  name: tiny # inline\nspec:\n  args: ["--tp", "1"]\n';

function withFolder(files: Record<string, string>, run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'ies-templates-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the default folder is the repository templates/ when running from source', () => {
  assert.equal(defaultTemplatesDir(), templatesDirIn(resolve(__dirname, '../..')));
  assert.ok(readdirSync(defaultTemplatesDir()).some((n) => n.endsWith('.template.json')));
});

test('loads a template from any folder and renders it, inline comments and flow style kept', () => {
  withFolder({ 'tiny.template.json': metadata(), 'tiny.yaml': MANIFEST, 'unrelated.yaml': 'x: 1\n' }, (dir) => {
    const [template, ...rest] = loadTemplates(dir);
    assert.equal(rest.length, 0);
    const { text, fileName } = renderScaffold(template, { name: 'big', gpuCount: 8 });
    assert.equal(fileName, 'big.yaml');
    assert.equal(text, '# keep me\nkind: NIMService\nmetadata:\n  name: big # inline\nspec:\n  args: ["--tp", "8"]\n');
  });
});

test('a template whose target does not exist fails loudly instead of rendering something half-done', () => {
  withFolder({ 'tiny.template.json': metadata(), 'tiny.yaml': MANIFEST.replace('"--tp", "1"', '"--other"') }, (dir) => {
    assert.throws(() => renderScaffold(loadTemplates(dir)[0]), /no such flag/);
  });
  withFolder({ 'tiny.template.json': metadata(), 'tiny.yaml': MANIFEST.replace('kind: NIMService', 'kind: Deployment') }, (dir) => {
    assert.throws(() => renderScaffold(loadTemplates(dir)[0]), /targets kind NIMService/);
  });
});

test('broken metadata, a missing manifest and duplicate ids are reported with the file', () => {
  withFolder({ 'tiny.template.json': metadata({ category: 'other' }), 'tiny.yaml': MANIFEST }, (dir) => {
    assert.throws(() => loadTemplates(dir), /tiny\.template\.json is invalid: category/);
  });
  withFolder({ 'tiny.template.json': metadata({ manifest: 'gone.yaml' }) }, (dir) => {
    assert.throws(() => loadTemplates(dir), /cannot read .*gone\.yaml: ENOENT/);
  });
  withFolder({ 'a.template.json': metadata(), 'b.template.json': metadata(), 'tiny.yaml': MANIFEST }, (dir) => {
    assert.throws(() => loadTemplates(dir), /two templates .* "tiny"/);
  });
  assert.throws(() => loadTemplates(join(tmpdir(), 'ies-no-such-folder')), /cannot read the templates folder/);
});
