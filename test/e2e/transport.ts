/**
 * The transport the end-to-end tests drive generated clients with: the runtime's REST client over HTTP
 * from the server's kubeconfig when it exists, else the server's in-process transport (same store).
 */
import type { Transport } from '@kubegen/runtime';
import type { TestApiServer } from '@kubegen/runtime/testing';

export async function e2eTransport(server: TestApiServer): Promise<Transport> {
  const runtime = (await import('@kubegen/runtime')) as Record<string, unknown>;
  const RestClient = runtime['RestClient'] as (new (config: unknown) => Transport) | undefined;
  const loadKubeConfig = runtime['loadKubeConfig'] as ((o: { kubeconfig: string }) => unknown | Promise<unknown>) | undefined;
  if (RestClient && loadKubeConfig) return new RestClient(await loadKubeConfig({ kubeconfig: server.kubeconfigPath }));
  return server.transport;
}
