import type { LabelSelector, ListMeta, ObjectMeta, TypeMeta, int32, int64 } from '@kubegen/runtime';

/**
 * Deployment enables declarative updates for Pods and ReplicaSets (the fields this controller uses).
 *
 * +genclient
 */
export interface Deployment extends TypeMeta {
  metadata?: ObjectMeta;
  spec?: DeploymentSpec;
  status?: DeploymentStatus;
}

export interface DeploymentSpec {
  replicas?: int32;
  selector: LabelSelector;
  template: PodTemplateSpec;
}

export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

export interface PodSpec {
  containers: Container[];
}

export interface Container {
  name: string;
  image?: string;
}

export interface DeploymentStatus {
  observedGeneration?: int64;
  replicas?: int32;
  readyReplicas?: int32;
  availableReplicas?: int32;
}

/** DeploymentList is a list of Deployments. */
export interface DeploymentList extends TypeMeta {
  metadata?: ListMeta;
  items: Deployment[];
}
