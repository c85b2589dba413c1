import { parseArgs } from 'node:util';
import jsonSchema from '../../../schemas/nimservice.schema.json';
import type { CliIo } from '../io.js';
import { EXIT_OK } from '../usageError.js';

export const schemaHelp = `Usage: ies schema

Prints the JSON Schema for NIMService and NIMCache manifests, generated from the NIM Operator's CRD
(for yaml-language-server, kubeconform-style validators or editors).`;

export function runSchema(args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.out(schemaHelp + '\n');
    return EXIT_OK;
  }
  io.out(JSON.stringify(jsonSchema, null, 2) + '\n');
  return EXIT_OK;
}
