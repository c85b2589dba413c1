/** Store keys (`plural` or `plural.group`) of the kinds the controllers read and write. */
export const KEYS = {
  pods: 'pods',
  nodes: 'nodes',
  events: 'events',
  namespaces: 'namespaces',
  services: 'services',
  secrets: 'secrets',
  pvcs: 'persistentvolumeclaims',
  storageClasses: 'storageclasses.storage.k8s.io',
  deployments: 'deployments.apps',
  replicaSets: 'replicasets.apps',
  statefulSets: 'statefulsets.apps',
  jobs: 'jobs.batch',
  nimServices: 'nimservices.apps.nvidia.com',
  nimCaches: 'nimcaches.apps.nvidia.com',
  crds: 'customresourcedefinitions.apiextensions.k8s.io',
} as const;

/** Annotations the simulator reads (never written by users of a real cluster). */
export const SIM_ANNOTATIONS = {
  /** On objects a fixture created fully formed (large fixture): controllers leave them alone. */
  static: 'sim.ies.dev/static',
  /** On a PVC: the model ids whose weights are already on it (NIMCache, fixtures). */
  cachedModels: 'sim.ies.dev/cached-models',
  /** On a pod template: the workload has been running this long (e.g. `3h`) when the simulator starts. */
  runningFor: 'sim.ies.dev/running-for',
  /** On a pod: how long a batch container runs before it exits 0 (e.g. `10m`). */
  runFor: 'sim.ies.dev/run-for',
} as const;
