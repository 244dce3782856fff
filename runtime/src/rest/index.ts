export * from './errors.js';
export * from './config.js';
export { KubeConfigError, kubeConfigPaths, loadKubeConfig, restConfigFromKubeConfig, inClusterConfig, fromClientNodeKubeConfig } from './kubeconfig.js';
export type { LoadKubeConfigOptions, InClusterOptions, ClientNodeKubeConfig } from './kubeconfig.js';
export { ExecAuthenticator, ExecCredentialError, TokenFileAuthenticator, authenticatorFor } from './auth.js';
export { RestClient, ConnectionError } from './client.js';
export type { RestClientOptions } from './client.js';
export { TokenBucket } from './ratelimit.js';
