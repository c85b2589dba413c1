import { literal, type Signature } from '../signature.js';
import type { ManifestFix } from '../types.js';

/** Communication: NCCL between GPUs and hosts, the server's ports, requests the server rejects. */
export const NETWORK_SIGNATURES: Signature[] = [
  {
    id: 'nccl-network-failure',
    title: 'NCCL cannot reach its peers over the network',
    keywords: [literal('WARN Socket creation failed'), literal('NCCL WARN Call to connect failed'), literal('socketStartConnect: Connect to'), 'NCCL WARN Call to ibv_', literal('no socket interface found')],
    patterns: [
      /WARN Socket creation failed/,
      /NCCL WARN (?:Call to connect failed|socketStartConnect: Connect to|Call to ibv_\w+ failed)/,
      /Bootstrap : no socket interface found/,
    ],
    role: 'cause',
    severity: 'error',
    cause: "NCCL's bootstrap or transport could not use the network: no usable interface, the wrong interface picked (docker0, lo, IPv6 instead of IPv4), a firewall or an unreachable peer, or an RDMA device that cannot be used in the container. The GPUs never form a group, so the engine fails at start-up.",
    fix: "Set env NCCL_SOCKET_IFNAME to the pod's interface (e.g. NCCL_SOCKET_IFNAME=eth0 in spec.env) and rerun with NCCL_DEBUG=INFO (NCCL_DEBUG_SUBSYS=NET) to see which call fails; for RDMA without a usable device set NCCL_IB_DISABLE=1.",
    manifestFix: { kind: 'add-env', name: 'NCCL_SOCKET_IFNAME', value: 'eth0' },
    refine: (evidence) => (/ibv_/.test(evidence) ? { fix: 'The RDMA (InfiniBand/RoCE) device cannot be used in the container: set env NCCL_IB_DISABLE=1 in spec.env to fall back to sockets, or give the pod the RDMA device (the network operator\'s rdma/… resource) and set NCCL_IB_HCA / NCCL_IB_GID_INDEX.', manifestFix: ibDisable } : undefined),
  },
  {
    id: 'nccl-system-error',
    title: 'NCCL unhandled system error',
    keywords: [literal('unhandled system error'), 'ncclSystemError'],
    patterns: [/NCCL error.*unhandled system error/, /ncclSystemError/],
    role: 'symptom',
    severity: 'error',
    cause: 'NCCL could not set up communication between GPUs: usually /dev/shm too small, sometimes the network.',
    fix: 'Set spec.storage.sharedMemorySizeLimit (e.g. 32Gi) and rerun with env NCCL_DEBUG=INFO to see the failing call.',
    manifestFix: { kind: 'set', path: ['spec', 'storage', 'sharedMemorySizeLimit'], value: '32Gi' },
  },
  {
    id: 'port-in-use',
    title: 'Port already in use',
    keywords: [literal('[Errno 98]'), literal('errno: 98 - Address already in use'), literal('bind: address already in use')],
    patterns: [/\[Errno 98\] (?:error while attempting to bind on address|Address already in use)/, /errno: 98 - Address already in use/, /bind: address already in use/],
    role: 'cause',
    severity: 'error',
    cause: 'The server could not listen on its port because another process already holds it: an earlier server instance that has not exited, another server sharing the host network, or — for port 29500 — another sharded server’s torch.distributed rendezvous on the same host.',
    fix: "Stop the process holding the port, or give this server its own port: --port in spec.args (e.g. --port 8001) with the Service's port and the probes pointing at it; for 29500, set TGI's --master-port (e.g. 29501) or env MASTER_PORT.",
  },
  {
    id: 'image-edit-bad-fields',
    title: 'Image-edit request rejected (400/422)',
    keywords: [literal('/v1/images/edits'), literal("Field 'image' or 'url' is required")],
    patterns: [/"POST \/v1\/images\/edits[^"]*" (?:400|422)\b/, /\/v1\/images\/edits.*\b(?:400|422)\b.*detail|Field 'image' or 'url' is required/],
    role: 'cause',
    severity: 'warning',
    cause: 'The client sent multipart fields the image-edit endpoint rejects (missing image/url, bad size, response_format…).',
    fix: 'Send multipart/form-data with image (file) and prompt; read the field-level "detail" of the 400/422 body for the offending field.',
  },
];

const ibDisable: ManifestFix = { kind: 'add-env', name: 'NCCL_IB_DISABLE', value: '1' };
