/** The few fields of core objects the cluster model reads; objects come from client-node or the simulator as JSON. */
export interface Meta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string | Date;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ kind?: string; name?: string; uid?: string; controller?: boolean }>;
}

export type ResourceList = Record<string, string | number>;

export interface ContainerLike {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  resources?: { requests?: ResourceList; limits?: ResourceList };
  volumeMounts?: Array<{ name?: string; mountPath?: string }>;
}

export interface PodLike {
  metadata?: Meta;
  spec?: {
    nodeName?: string;
    containers?: ContainerLike[];
    initContainers?: ContainerLike[];
    volumes?: Array<{ name?: string; persistentVolumeClaim?: unknown; emptyDir?: unknown; hostPath?: unknown }>;
  };
  status?: {
    phase?: string;
    containerStatuses?: Array<{ name?: string; ready?: boolean; restartCount?: number; state?: Record<string, { reason?: string; message?: string; exitCode?: number } | undefined>; lastState?: Record<string, { reason?: string; exitCode?: number; finishedAt?: string | Date } | undefined> }>;
    conditions?: Array<{ type?: string; status?: string }>;
    reason?: string;
    message?: string;
  };
}

export interface NodeLike {
  metadata?: Meta;
  spec?: { unschedulable?: boolean; taints?: Array<{ key?: string; value?: string; effect?: string }> };
  status?: {
    capacity?: ResourceList;
    allocatable?: ResourceList;
    conditions?: Array<{ type?: string; status?: string }>;
  };
}
