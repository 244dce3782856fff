// Gadget shop.example.com/v1alpha1, imported by kubegen import from gadgets.yaml.
// This file is yours to edit: kubegen never overwrites it (kubegen import --force does).

import type {
  IntOrString,
  ListMeta,
  ObjectMeta,
  Quantity,
  RawExtension,
  Time,
  TypeMeta,
  int32,
  int64,
} from '@kubegen/runtime';

/**
 * Gadget is sold in the shop.
 *
 * +genclient
 * +genclient:noStatus
 * +kubebuilder:object:root=true
 * +kubebuilder:resource:path=gadgets,singular=gadget
 */
export interface Gadget extends TypeMeta {
  metadata?: ObjectMeta;
  /** Spec is the desired state. */
  spec?: GadgetSpec;
  status?: GadgetStatus;
}

/**
 * GadgetList is a list of Gadget objects.
 *
 * +kubebuilder:object:root=true
 */
export interface GadgetList extends TypeMeta {
  metadata?: ListMeta;
  items: Gadget[];
}

/**
 * +kubebuilder:validation:XValidation:rule=!has(self.discount) || self.discount < self.price,message=a discount must be below the price
 */
export interface GadgetSpec {
  /**
   * SKU identifies the gadget; it never changes.
   *
   * +kubebuilder:validation:Pattern=`^[A-Z]{3}-[0-9]{4}$`
   * +kubebuilder:validation:XValidation:rule=self == oldSelf,message=sku is immutable
   */
  sku: string;
  /** +kubebuilder:validation:Minimum=0 */
  price: int64;
  discount?: int64 | null;
  /** +default="Red" */
  color?: 'Red' | 'Green' | 'Blue';
  releasedAt?: Time;
  weight?: Quantity;
  stock?: IntOrString;
  /**
   * Tags are short labels.
   *
   * +kubebuilder:validation:items:MaxLength=32
   * +kubebuilder:validation:MaxItems=16
   * +listType=set
   */
  tags?: string[];
  /** Dimensions in millimetres, keyed by axis. */
  dimensions?: Record<string, GadgetSpecDimensionsValue>;
  /**
   * +listType=map
   * +listMapKey=name
   */
  warehouses?: GadgetSpecWarehouses[];
  billingAddress?: GadgetSpecBillingAddress;
  /** Manual is any document. */
  manual?: unknown;
  /**
   * Bundle is a Kubernetes object sold with the gadget.
   *
   * +kubebuilder:validation:EmbeddedResource
   */
  bundle?: RawExtension;
}

/** +kubebuilder:validation:Minimum=1 */
export type GadgetSpecDimensionsValue = int32;

/** A warehouse holding stock. */
export interface GadgetSpecWarehouses {
  name: string;
  address?: GadgetSpecWarehousesAddress;
}

export interface GadgetSpecWarehousesAddress {
  street?: string;
  city?: string;
}

export interface GadgetSpecBillingAddress {
  street?: string;
  city?: string;
}

export interface GadgetStatus {
  sold?: int64;
  /** +kubebuilder:validation:Maximum=5 */
  rating?: number;
}
