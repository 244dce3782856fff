import type { ListMeta, ObjectMeta, TypeMeta, int32 } from '@kubegen/runtime';

/**
 * Foo is a specification for a Foo resource.
 *
 * +genclient
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Deployment",type=string,JSONPath=`.spec.deploymentName`
 * +kubebuilder:printcolumn:name="Available",type=integer,JSONPath=`.status.availableReplicas`
 * +kubebuilder:metadata:annotations="api-approved.kubernetes.io=unapproved, experimental-only"
 */
export interface Foo extends TypeMeta {
  metadata?: ObjectMeta;
  spec: FooSpec;
  status?: FooStatus;
}

/** FooSpec is the spec for a Foo resource. */
export interface FooSpec {
  /**
   * DeploymentName names the Deployment this Foo owns.
   * +kubebuilder:validation:MinLength=1
   */
  deploymentName: string;
  /**
   * Replicas is the number of replicas of the Deployment.
   * +kubebuilder:validation:Minimum=0
   */
  replicas?: int32;
}

/** FooStatus is the status for a Foo resource. */
export interface FooStatus {
  availableReplicas: int32;
}

/** FooList is a list of Foo resources. */
export interface FooList extends TypeMeta {
  metadata?: ListMeta;
  items: Foo[];
}
