/**
 * Package v1 holds the toys.example.com/v1 API types, imported from CustomResourceDefinitions
 * by kubegen import (each <kind>_types.ts names the CRD it came from).
 *
 * +k8s:deepcopy-gen=package
 * +groupName=toys.example.com
 */
