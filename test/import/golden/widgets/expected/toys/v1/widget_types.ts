// Widget toys.example.com/v1, imported by kubegen import from widgets.yaml.
// This file is yours to edit: kubegen never overwrites it (kubegen import --force does).

import type { ListMeta, ObjectMeta, TypeMeta, int32 } from '@kubegen/runtime';

/**
 * Widget is a toy.
 *
 * +genclient
 * +genclient:nonNamespaced
 * +kubebuilder:object:root=true
 * +kubebuilder:resource:path=widgets,shortName=wd;wdg,categories=all;toys,singular=widget,scope=Cluster
 * +kubebuilder:storageversion
 * +kubebuilder:subresource:status
 * +kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas,selectorpath=.status.selector
 * +kubebuilder:printcolumn:name=Replicas,type=integer,JSONPath=.spec.replicas,description=Desired replicas
 * +kubebuilder:printcolumn:name=Age,type=date,JSONPath=.metadata.creationTimestamp,format=date-time,priority=1
 * +kubebuilder:selectablefield:JSONPath=.spec.color
 * +kubebuilder:metadata:annotations=example.com/owner=team-toys,labels=app.kubernetes.io/part-of=toys
 * +kubebuilder:validation:XValidation:rule=self.metadata.name.size() <= 30,message=name too long
 */
export interface Widget extends TypeMeta {
  metadata?: ObjectMeta;
  spec: WidgetSpec;
  status?: WidgetStatus;
}

/**
 * WidgetList is a list of Widget objects.
 *
 * +kubebuilder:object:root=true
 */
export interface WidgetList extends TypeMeta {
  metadata?: ListMeta;
  items: Widget[];
}

export interface WidgetSpec {
  replicas?: int32;
  /** +default="red" */
  color?: 'red' | 'blue';
}

export interface WidgetStatus {
  replicas?: int32;
  selector?: string;
}
