import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listTemplates, renderTemplate, ScaffoldError } from '../../core/scaffold/index.js';
import type { CliIo } from '../io.js';
import { EXIT_OK, UsageError } from '../usageError.js';

export const scaffoldHelp = `Usage: ies scaffold TEMPLATE [options]
       ies scaffold --list

Renders a manifest template to stdout, or to --out FILE (never replacing an existing file unless --force).

Options:
  --name N             metadata.name
  --namespace NS       metadata.namespace
  --storage-class SC   StorageClass of the model PVC (empty: cluster default)
  --pvc-size SIZE      PVC size, e.g. 200Gi
  --gpus N             GPUs per replica
  --out FILE           write to FILE instead of stdout
  --force              replace FILE if it exists
  --list               list the templates`;

export function runScaffold(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      namespace: { type: 'string' },
      'storage-class': { type: 'string' },
      'pvc-size': { type: 'string' },
      gpus: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(scaffoldHelp + '\n');
    return EXIT_OK;
  }
  if (values.list) {
    const templates = listTemplates();
    const width = Math.max(...templates.map((t) => t.id.length));
    io.out(templates.map((t) => `${t.id.padEnd(width)}  ${t.title}`).join('\n') + '\n');
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one TEMPLATE, got ${positionals.length}; see ies scaffold --list`);
  try {
    const rendered = renderTemplate(positionals[0], {
      name: values.name,
      namespace: values.namespace,
      storageClass: values['storage-class'],
      pvcSize: values['pvc-size'],
      gpuCount: values.gpus,
    });
    if (!values.out) {
      io.out(rendered.text);
      return EXIT_OK;
    }
    const target = resolve(io.cwd, values.out);
    if (existsSync(target) && !values.force) throw new UsageError(`${values.out} exists; pass --force to replace it`);
    writeFileSync(target, rendered.text);
    io.err(`wrote ${values.out}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ScaffoldError) throw new UsageError(error.message);
    throw error;
  }
}
