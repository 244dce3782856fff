// Widget toys.example.com/v1beta1, imported by kubegen import from widgets.yaml.
// This file is yours to edit: kubegen never overwrites it (kubegen import --force does).

import type { ListMeta, ObjectMeta, TypeMeta, int64 } from '@kubegen/runtime';

/**
 * +genclient
 * +genclient:nonNamespaced
 * +genclient:noStatus
 * +kubebuilder:object:root=true
 * +kubebuilder:resource:path=widgets,shortName=wd;wdg,categories=all;toys,singular=widget,scope=Cluster
 * +kubebuilder:unservedversion
 * +kubebuilder:deprecatedversion:warning=`toys.example.com/v1beta1 Widget is deprecated; use v1`
 */
export interface Widget extends TypeMeta {
  metadata?: ObjectMeta;
  spec?: WidgetSpec;
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
  count?: int64;
}
