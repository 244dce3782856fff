/**
 * The sample-controller's reconcile loop in TypeScript: every Foo owns a Deployment named
 * `spec.deploymentName` with `spec.replicas` replicas, and reports the Deployment's available replicas
 * in its status. Informers feed a rate-limited workqueue of `namespace/name` keys; workers reconcile
 * one key at a time against the listers' caches and write through the typed clientset.
 */
// The permissions it needs (`make manifests` writes config/rbac/role.yaml from these with `kubegen rbac`):
// +kubebuilder:rbac:groups=samplecontroller.k8s.io,resources=foos,verbs=get;list;watch
// +kubebuilder:rbac:groups=samplecontroller.k8s.io,resources=foos/status,verbs=update
// +kubebuilder:rbac:groups=apps,resources=deployments,verbs=get;list;watch;create;update
import {
  RateLimitingQueue,
  defaultControllerRateLimiter,
  waitForCacheSync,
  splitMetaNamespaceKey,
  metaNamespaceKeyFunc,
  isDeletedFinalStateUnknown,
  type ObjectMeta,
  type OwnerReference,
} from '@kubegen/runtime';
import type { Deployment } from '../apis/apps/v1/types.js';
import type { Foo } from '../apis/samplecontroller/v1alpha1/types.js';
import { deepCopyFoo } from '../apis/samplecontroller/v1alpha1/zz_generated.deepcopy.js';
import type { Clientset } from '../generated/clientset/versioned/clientset.js';
import type { DeploymentInformer } from '../generated/informers/externalversions/apps/v1/deployment.js';
import type { FooInformer } from '../generated/informers/externalversions/samplecontroller/v1alpha1/foo.js';

export const CONTROLLER_AGENT = 'sample-controller';

export interface ControllerOptions {
  clientset: Clientset;
  foos: FooInformer;
  deployments: DeploymentInformer;
  /** Called for every reconcile error (default: a line on stderr). */
  onError?: (key: string, err: unknown) => void;
}

/** True when `owner` is the controller owner of `obj`. */
export function isControlledBy(obj: { metadata?: ObjectMeta }, owner: { metadata?: ObjectMeta }): boolean {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
  return ref !== undefined && ref.uid === owner.metadata?.uid;
}

/** The Deployment a Foo wants: nginx pods labelled with the Foo's name, owned by the Foo. */
export function newDeployment(foo: Foo): Deployment {
  const labels = { app: 'nginx', controller: foo.metadata?.name ?? '' };
  const owner: OwnerReference = {
    apiVersion: 'samplecontroller.k8s.io/v1alpha1',
    kind: 'Foo',
    name: foo.metadata?.name ?? '',
    uid: foo.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: foo.spec.deploymentName, namespace: foo.metadata?.namespace ?? '', ownerReferences: [owner] },
    spec: {
      ...(foo.spec.replicas !== undefined ? { replicas: foo.spec.replicas } : {}),
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:latest' }] } },
    },
  };
}

export class Controller {
  readonly queue = new RateLimitingQueue<string>({ name: 'Foos', rateLimiter: defaultControllerRateLimiter<string>() });
  private readonly clientset: Clientset;
  private readonly foos: FooInformer;
  private readonly deployments: DeploymentInformer;
  private readonly onError: (key: string, err: unknown) => void;

  constructor(options: ControllerOptions) {
    this.clientset = options.clientset;
    this.foos = options.foos;
    this.deployments = options.deployments;
    this.onError =
      options.onError ?? ((key, err) => process.stderr.write(`error syncing ${JSON.stringify(key)}: ${err instanceof Error ? err.message : String(err)}\n`));
    this.foos.informer().addEventHandler({
      onAdd: (foo) => this.enqueueFoo(foo),
      onUpdate: (_old, foo) => this.enqueueFoo(foo),
    });
    // A Deployment change requeues the Foo that owns it; Deployments owned by anything else are ignored.
    this.deployments.informer().addEventHandler({
      onAdd: (d) => this.handleObject(d),
      onUpdate: (oldD, newD) => {
        if (oldD.metadata?.resourceVersion === newD.metadata?.resourceVersion) return; // periodic resync
        this.handleObject(newD);
      },
      onDelete: (d) => this.handleObject(isDeletedFinalStateUnknown(d) ? (d.obj as Deployment) : d),
    });
  }

  private enqueueFoo(foo: Foo): void {
    this.queue.add(metaNamespaceKeyFunc(foo));
  }

  private handleObject(d: Deployment | undefined): void {
    if (!d) return;
    const ref = d.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (!ref || ref.kind !== 'Foo') return;
    const foo = this.foos.lister().foos(d.metadata?.namespace ?? '').get(ref.name);
    if (foo) this.enqueueFoo(foo);
  }

  /** Waits for the caches, then runs `workers` workers until `signal` aborts; drains in-flight work. */
  async run(workers: number, signal: AbortSignal): Promise<void> {
    const synced = await waitForCacheSync(signal, () => this.foos.informer().hasSynced(), () => this.deployments.informer().hasSynced());
    if (!synced) return;
    const loops = Array.from({ length: workers }, () => this.worker());
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await this.queue.shutDownWithDrain();
    await Promise.all(loops);
  }

  private async worker(): Promise<void> {
    for (;;) {
      const { item: key, shutdown } = await this.queue.get();
      if (shutdown) return;
      try {
        await this.syncHandler(key);
        this.queue.forget(key);
      } catch (err) {
        this.onError(key, err);
        this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  /** Drives the Deployment of one Foo towards its spec and records the result in its status. */
  async syncHandler(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const foo = this.foos.lister().foos(namespace).get(name);
    if (!foo) return; // deleted: its Deployment goes with it through garbage collection
    const deploymentName = foo.spec.deploymentName;
    if (!deploymentName) throw new Error(`${key}: spec.deploymentName must be specified`);
    const deployments = this.clientset.appsV1().deployments(namespace);
    let deployment = this.deployments.lister().deployments(namespace).get(deploymentName);
    if (!deployment) {
      deployment = await deployments.create(newDeployment(foo), { fieldManager: CONTROLLER_AGENT });
    }
    if (!isControlledBy(deployment, foo)) {
      throw new Error(`Resource ${JSON.stringify(deploymentName)} already exists and is not managed by Foo`);
    }
    if (foo.spec.replicas !== undefined && foo.spec.replicas !== deployment.spec?.replicas) {
      const want = newDeployment(foo);
      deployment = await deployments.update(
        { ...want, metadata: { ...want.metadata, resourceVersion: deployment.metadata?.resourceVersion ?? '' } },
        { fieldManager: CONTROLLER_AGENT },
      );
    }
    const available = deployment.status?.availableReplicas ?? 0;
    if (foo.status?.availableReplicas === available) return;
    // Never mutate the cache: copy, then write the status subresource.
    const copy = deepCopyFoo(foo);
    copy.status = { availableReplicas: available };
    await this.clientset.samplecontrollerV1alpha1().foos(namespace).updateStatus(copy, { fieldManager: CONTROLLER_AGENT });
  }
}
