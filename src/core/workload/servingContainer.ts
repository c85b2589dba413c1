import { isMap, isSeq } from 'yaml';
import type { ManifestDocument, YamlPath } from '../manifest/manifestDocument.js';
import { effectiveCommandLine, type CommandToken } from '../nimservice/commandLine.js';
import { readEnv, type EnvEntry } from '../nimservice/env.js';
import { parseImageString, type ImageRef } from '../nimservice/image.js';
import { isNimService, NIM_PATHS, nimServiceView } from '../nimservice/nimServiceView.js';
import type { ProbeKey } from '../nimservice/probes.js';
import { detectRuntime, implicitEntrypoint, type Runtime } from '../nimservice/runtime.js';
import { serverSettings, type ServerSettings } from '../nimservice/serverSettings.js';
import { parseVllmInvocation, type VllmInvocation } from '../nimservice/vllmInvocation.js';
import { podTemplates, type PodTemplate } from './podTemplates.js';

/** Where a container's fields are written: a pod spec's container, or a NIMService's spec. */
export interface ContainerPaths {
  /** The map of the container (NIMService: `spec`). */
  container: YamlPath;
  /** The image string (NIMService: `spec.image.repository`; the tag is separate). */
  image: YamlPath;
  command: YamlPath;
  args: YamlPath;
  env: YamlPath;
  resources: YamlPath;
  /** Absent on a NIMService, whose operator writes ports and mounts. */
  ports?: YamlPath;
  volumeMounts?: YamlPath;
  probe(key: ProbeKey): YamlPath;
}

/**
 * A container that serves a model (vLLM, vLLM-omni, SGLang, TGI, NIM), wherever the workload keeps it, with
 * its command line parsed once. Rules read this instead of paths of one kind.
 */
export interface ServingContainer {
  document: ManifestDocument;
  /** The pod template holding the container; undefined for a NIMService. */
  template?: PodTemplate;
  paths: ContainerPaths;
  name?: string;
  image?: ImageRef;
  tokens: CommandToken[];
  invocation?: VllmInvocation;
  runtime: Runtime;
  env: EnvEntry[];
  settings: ServerSettings;
}

/** Every container of every pod template, model server or not (rules about the pod need all of them). */
export function podContainers(document: ManifestDocument): ServingContainer[] {
  return cached(document).all;
}

/** The containers that serve a model, in any workload kind (NIMService included). */
export function servingContainers(document: ManifestDocument): ServingContainer[] {
  return cached(document).serving;
}

const cache = new WeakMap<ManifestDocument, { all: ServingContainer[]; serving: ServingContainer[] }>();

function cached(document: ManifestDocument) {
  let entry = cache.get(document);
  if (!entry) {
    const all = isNimService(document) ? [fromNimService(document)] : podTemplates(document).flatMap((t) => fromTemplate(document, t));
    entry = { all, serving: all.filter((c) => c.runtime !== 'other') };
    cache.set(document, entry);
  }
  return entry;
}

function fromTemplate(document: ManifestDocument, template: PodTemplate): ServingContainer[] {
  const containers = document.nodeAt([...template.podSpec, 'containers']);
  if (!isSeq(containers)) return [];
  const out: ServingContainer[] = [];
  containers.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const path = [...template.podSpec, 'containers', index];
    const paths: ContainerPaths = {
      container: path,
      image: [...path, 'image'],
      command: [...path, 'command'],
      args: [...path, 'args'],
      env: [...path, 'env'],
      resources: [...path, 'resources'],
      ports: [...path, 'ports'],
      volumeMounts: [...path, 'volumeMounts'],
      probe: (key) => [...path, key],
    };
    const imageText = document.valueAt(paths.image);
    const image = typeof imageText === 'string' ? parseImageString(imageText.trim()) : undefined;
    const tokens = effectiveCommandLine(document, paths, entrypointBefore(document.valueAt(paths.args), implicitEntrypoint(image?.repository)));
    const invocation = parseVllmInvocation(tokens);
    const runtime = detectRuntime(image?.repository, tokens, invocation);
    const env = readEnv(document, paths.env);
    const name = document.valueAt([...path, 'name']);
    out.push({
      document,
      template,
      paths,
      name: typeof name === 'string' ? name : undefined,
      image,
      tokens,
      invocation,
      runtime,
      env,
      settings: serverSettings(runtime, invocation, env, image?.repository),
    });
  });
  return out;
}

function fromNimService(document: ManifestDocument): ServingContainer {
  const view = nimServiceView(document);
  const tag = document.valueAt(NIM_PATHS.tag);
  return {
    document,
    paths: {
      container: NIM_PATHS.spec,
      image: NIM_PATHS.repository,
      command: NIM_PATHS.command,
      args: NIM_PATHS.args,
      env: NIM_PATHS.env,
      resources: ['spec', 'resources'],
      probe: (key) => ['spec', key, 'probe'],
    },
    image: view.repository ? { repository: view.repository, tag: typeof tag === 'string' || typeof tag === 'number' ? String(tag) : undefined } : undefined,
    tokens: view.tokens,
    invocation: view.invocation,
    runtime: view.runtime,
    env: view.env,
    settings: serverSettings(view.runtime, view.invocation, view.env, view.repository),
  };
}

/** `Deployment qwen-edit`, `LeaderWorkerSet vllm (leader)`: how messages name the workload. */
export function describeWorkload(container: ServingContainer): string {
  const d = container.document;
  const role = container.template && container.template.role !== 'pod' ? ` (${container.template.role})` : '';
  return `${d.kind ?? 'workload'}${role}`;
}

/**
 * The image's entrypoint as the args continue it. vLLM's own examples write `args: ["serve", MODEL, …]` on the
 * vllm/vllm-openai image, whose entrypoint already is `vllm serve`: the args' `serve` is that subcommand, not a model.
 */
function entrypointBefore(args: unknown, entrypoint: string[]): string[] {
  const first = Array.isArray(args) ? args[0] : undefined;
  return first === 'serve' && entrypoint[entrypoint.length - 1] === 'serve' ? entrypoint.slice(0, -1) : entrypoint;
}
