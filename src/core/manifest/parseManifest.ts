import { parseAllDocuments, type Document } from 'yaml';
import type { LintDiagnostic } from '../lint/diagnostic.js';
import { ManifestDocument } from './manifestDocument.js';
import { splitDocuments, type TextChunk } from './splitDocuments.js';

export interface ParsedChunk {
  chunk: TextChunk;
  /** Documents with `base` = the chunk's offset at parse time. */
  documents: ManifestDocument[];
  /** YAML syntax errors and warnings, offsets relative to the chunk. */
  problems: LintDiagnostic[];
}

/** Parses one chunk (normally exactly one YAML document). Never throws. */
export function parseChunk(chunk: TextChunk, firstIndex: number): ParsedChunk {
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(chunk.text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    return {
      chunk,
      documents: [],
      problems: [{ code: 'yaml-syntax', severity: 'error', message: `YAML could not be parsed: ${(error as Error).message}`, start: 0, end: Math.min(chunk.text.length, 1) }],
    };
  }
  const problems: LintDiagnostic[] = [];
  const documents = docs.map((doc, i) => {
    for (const error of doc.errors) problems.push(yamlProblem(error, 'error', chunk.text.length));
    for (const warning of doc.warnings) problems.push(yamlProblem(warning, 'warning', chunk.text.length));
    return new ManifestDocument(firstIndex + i, chunk.start, chunk.text, doc);
  });
  return { chunk, documents, problems };
}

function yamlProblem(error: { code: string; message: string; pos: [number, number] }, severity: 'error' | 'warning', length: number): LintDiagnostic {
  const start = Math.max(0, Math.min(error.pos[0], length));
  const end = Math.max(start, Math.min(error.pos[1], length));
  const code = error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax';
  const message = error.code === 'DUPLICATE_KEY' ? 'Duplicate key: YAML keeps only one of them — remove or rename the other.' : `YAML ${severity}: ${firstLine(error.message)}`;
  return { code, severity, message, start, end: end === start && start < length ? start + 1 : end };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export interface ParsedManifestFile {
  text: string;
  chunks: ParsedChunk[];
  documents: ManifestDocument[];
}

export function parseManifestFile(text: string): ParsedManifestFile {
  const chunks: ParsedChunk[] = [];
  let index = 0;
  for (const chunk of splitDocuments(text)) {
    const parsed = parseChunk(chunk, index);
    index += parsed.documents.length;
    chunks.push(parsed);
  }
  return { text, chunks, documents: chunks.flatMap((c) => c.documents) };
}
