import type {
  IntOrString,
  LabelSelector,
  ListMeta,
  ObjectMeta,
  Quantity,
  Time,
  TypeMeta,
  int32,
  int64,
} from '@kubegen/runtime';

/**
 * Deployment mirrors the shape of apps/v1 Deployment.
 *
 * +genclient
 * +kubebuilder:subresource:status
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
  strategy?: DeploymentStrategy;
  minReadySeconds?: int32;
  revisionHistoryLimit?: int32;
  paused?: boolean;
  progressDeadlineSeconds?: int32;
}

export interface DeploymentStrategy {
  type?: 'Recreate' | 'RollingUpdate';
  rollingUpdate?: RollingUpdateDeployment;
}

export interface RollingUpdateDeployment {
  maxUnavailable?: IntOrString;
  maxSurge?: IntOrString;
}

export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  nodeSelector?: Record<string, string>;
  serviceAccountName?: string;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: int64;
  tolerations?: Toleration[];
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
  readinessProbe?: Probe;
  imagePullPolicy?: 'Always' | 'Never' | 'IfNotPresent';
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: EnvVarSource;
}

export interface EnvVarSource {
  secretKeyRef?: KeySelector;
  configMapKeyRef?: KeySelector;
  fieldRef?: { apiVersion?: string; fieldPath: string };
}

export interface KeySelector {
  name: string;
  key: string;
  optional?: boolean;
}

export interface ContainerPort {
  name?: string;
  containerPort: int32;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface ResourceRequirements {
  limits?: Record<string, Quantity>;
  requests?: Record<string, Quantity>;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

export interface Volume {
  name: string;
  configMap?: { name: string; defaultMode?: int32 };
  emptyDir?: { medium?: string; sizeLimit?: Quantity };
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: int64 | null;
}

export interface Probe {
  httpGet?: { path?: string; port: IntOrString; scheme?: 'HTTP' | 'HTTPS' };
  initialDelaySeconds?: int32;
  periodSeconds?: int32;
  failureThreshold?: int32;
}

export interface DeploymentStatus {
  observedGeneration?: int64;
  replicas?: int32;
  updatedReplicas?: int32;
  readyReplicas?: int32;
  availableReplicas?: int32;
  conditions?: DeploymentCondition[];
}

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: Time;
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

export interface DeploymentList extends TypeMeta {
  metadata?: ListMeta;
  items: Deployment[];
}
