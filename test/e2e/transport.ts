/**
 * The transport the end-to-end tests drive generated clients with: the runtime's REST client over HTTP,
 * configured from the kubeconfig the test API server writes (the path a user's program takes).
 */
import { loadKubeConfig, RestClient } from '@kubegen/runtime';
import type { TestApiServer } from '@kubegen/runtime/testing';

export async function e2eTransport(server: TestApiServer): Promise<RestClient> {
  return new RestClient(await loadKubeConfig({ kubeconfig: server.kubeconfigPath }));
}
