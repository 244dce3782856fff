/**
 * Package v1alpha1 holds the shop.example.com/v1alpha1 API types, imported from CustomResourceDefinitions
 * by kubegen import (each <kind>_types.ts names the CRD it came from).
 *
 * +k8s:deepcopy-gen=package
 * +groupName=shop.example.com
 */
