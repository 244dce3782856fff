/**
 * Package v1 holds a Deployment-shaped kind for the deep-copy benchmark: the nesting of apps/v1
 * Deployment (metadata, pod template, containers, env, probes, resources, conditions).
 *
 * +k8s:deepcopy-gen=package
 * +groupName=bench.example.com
 */
