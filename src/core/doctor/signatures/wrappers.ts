import { literal, type Signature } from '../signature.js';

/**
 * Lines that only say that something else failed: the engine process, a Ray or multiprocessing worker. A wrapper's
 * evidence is what it wraps (the first finding or exception above it in its source) and it ranks after it.
 */
export const WRAPPER_SIGNATURES: Signature[] = [
  {
    id: 'engine-core-init-failed',
    title: 'Engine core failed to start (wrapper)',
    keywords: [literal('Engine core initialization failed'), literal('Engine process failed to start'), literal('WorkerProc initialization failed')],
    patterns: [/Engine core initialization failed/, /Engine process failed to start/, /WorkerProc initialization failed/],
    role: 'wrapper',
    severity: 'error',
    cause: 'vLLM’s engine process died during start-up; this message only wraps the real error, printed above it.',
    fix: 'Fix the wrapped error shown as evidence (the first exception above this message).',
  },
  {
    id: 'worker-failed',
    title: 'A Ray or multiprocessing worker failed (wrapper)',
    keywords: [literal('This might cause deadlock in distributed execution'), literal('Exception in worker'), literal('WorkerProc hit an exception'), literal('died unexpectedly'), literal('A worker died or was killed')],
    patterns: [
      /Error executing method '?\w+'?\. This might cause deadlock in distributed execution/,
      /Exception in worker \w+ while processing method \w+/,
      /WorkerProc hit an exception/,
      /Worker proc \S+ died unexpectedly|The actor died unexpectedly before finishing this task/,
      /A worker died or was killed while executing (?:a )?task/,
    ],
    role: 'wrapper',
    severity: 'error',
    cause: 'A vLLM worker process (Ray actor or multiprocessing worker) failed or died; this message only reports that — the error that killed it is printed above it, or in that worker’s own log.',
    fix: 'Fix the wrapped error shown as evidence (the first exception above this message); when there is none, read the worker’s log (the Ray worker pod, or the previous container’s log).',
  },
];
