/**
 * Package v1 declares the subset of the built-in apps/v1 API this controller uses, so kubegen
 * generates a typed client, lister and informer for it (as code-generator does for k8s.io/api).
 * It is a built-in group: no CRD is generated for it.
 *
 * +k8s:deepcopy-gen=package
 * +groupName=apps
 * +kubebuilder:skip
 */
export {};
