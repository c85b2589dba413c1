// Runs every *.test.ts under the given folders (default test/unit and test/integration) with node's
// built-in test runner; tsx compiles TypeScript on the fly. Node 20 has no --test globbing, hence this list.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));
const folders = roots.length ? roots : ['test/unit', 'test/integration'];

function collect(path, out) {
  if (!existsSync(path)) return out;
  if (statSync(path).isFile()) { out.push(path); return out; }
  for (const name of readdirSync(path).sort()) {
    const child = join(path, name);
    if (statSync(child).isDirectory()) collect(child, out);
    else if (name.endsWith('.test.ts')) out.push(child);
  }
  return out;
}

const files = folders.flatMap((f) => collect(f, []));
if (files.length === 0) {
  console.error(`no test files under ${folders.join(', ')}`);
  process.exit(1);
}
const concurrency = passThrough.some((a) => a.startsWith('--test-concurrency')) ? [] : ['--test-concurrency=2'];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...concurrency, ...passThrough, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
