/**
 * The sample-controller's entry point: connects with the kubeconfig (or the pod's service account),
 * elects a leader among the replicas through a coordination.k8s.io Lease, and runs the controller on
 * shared informers while it leads. SIGINT/SIGTERM stop it cleanly (the lease is released).
 *
 *   sample-controller [--kubeconfig FILE] [--context NAME] [--workers 2] [--leader-elect=false]
 *                     [--lease-namespace kube-system] [--identity NAME]
 */
// Leader election through a Lease in --lease-namespace (kube-system unless $POD_NAMESPACE says otherwise):
// +kubebuilder:rbac:groups=coordination.k8s.io,resources=leases,verbs=get;create;update
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import {
  LeaderElector,
  RestClient,
  inClusterConfig,
  loadKubeConfig,
  type RestConfig,
} from "@kubegen/runtime";
import { newForTransport } from "../generated/clientset/versioned/clientset.js";
import { newSharedInformerFactory } from "../generated/informers/externalversions/factory.js";
import { Controller } from "./controller.js";

export interface MainOptions {
  kubeconfig?: string;
  context?: string;
  workers: number;
  leaderElect: boolean;
  leaseNamespace: string;
  identity: string;
  /** Informer resync period in ms. */
  resync: number;
  /** Leader election timings in ms (defaults: 15000, 10000, 2000, as client-go's). */
  leaseDuration?: number;
  renewDeadline?: number;
  retryPeriod?: number;
}

export function parseArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): MainOptions {
  const options: MainOptions = {
    workers: 2,
    leaderElect: true,
    leaseNamespace: env["POD_NAMESPACE"] ?? "kube-system",
    identity: `${env["POD_NAME"] ?? hostname()}_${randomBytes(4).toString("hex")}`,
    resync: 30_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split("=", 2) as [
      string,
      string | undefined,
    ];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--kubeconfig":
        options.kubeconfig = value();
        break;
      case "--context":
        options.context = value();
        break;
      case "--workers":
        options.workers = Number(value());
        break;
      case "--leader-elect":
        options.leaderElect = inline === undefined ? true : inline !== "false";
        break;
      case "--lease-namespace":
        options.leaseNamespace = value();
        break;
      case "--identity":
        options.identity = value();
        break;
      case "--resync":
        options.resync = Number(value());
        break;
      default:
        throw new Error(
          `unknown flag ${flag} (flags: --kubeconfig, --context, --workers, --leader-elect, --lease-namespace, --identity, --resync)`,
        );
    }
  }
  if (!Number.isInteger(options.workers) || options.workers < 1)
    throw new Error("--workers must be a positive integer");
  if (options.kubeconfig === undefined) delete options.kubeconfig;
  return options;
}

/** Outside a pod: the kubeconfig; inside: the service account (unless a kubeconfig is given). */
export async function restConfig(
  options: MainOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<RestConfig> {
  if (!options.kubeconfig && env["KUBERNETES_SERVICE_HOST"])
    return inClusterConfig();
  return loadKubeConfig({
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
  });
}

/** Runs until `signal` aborts. */
export async function main(
  options: MainOptions,
  signal: AbortSignal,
  log: (line: string) => void = (l) => console.error(l),
): Promise<void> {
  const transport = new RestClient({
    ...(await restConfig(options)),
    userAgent: "sample-controller/kubegen",
  });
  const clientset = newForTransport(transport);
  const runController = async (leading: AbortSignal): Promise<void> => {
    const factory = newSharedInformerFactory(clientset, options.resync);
    const controller = new Controller({
      clientset,
      foos: factory.samplecontroller().v1alpha1().foos(),
      deployments: factory.apps().v1().deployments(),
      onError: (key, err) =>
        log(
          `reconcile ${key}: ${err instanceof Error ? err.message : String(err)}`,
        ),
    });
    factory.start(leading);
    await controller.run(options.workers, leading);
    await factory.shutdown();
  };
  try {
    if (!options.leaderElect) {
      await runController(signal);
      return;
    }
    const elector = new LeaderElector({
      transport,
      namespace: options.leaseNamespace,
      name: "sample-controller",
      identity: options.identity,
      releaseOnCancel: true,
      ...(options.leaseDuration !== undefined
        ? { leaseDuration: options.leaseDuration }
        : {}),
      ...(options.renewDeadline !== undefined
        ? { renewDeadline: options.renewDeadline }
        : {}),
      ...(options.retryPeriod !== undefined
        ? { retryPeriod: options.retryPeriod }
        : {}),
      onError: (err) =>
        log(
          `leader election: ${err instanceof Error ? err.message : String(err)}`,
        ),
      callbacks: {
        onStartedLeading: async (leading) => {
          log(`${options.identity}: leading, starting the controller`);
          await runController(leading);
        },
        onStoppedLeading: () => log(`${options.identity}: stopped leading`),
        onNewLeader: (id) => {
          if (id !== options.identity) log(`new leader: ${id}`);
        },
      },
    });
    await elector.run(signal);
    // Leadership lost without a stop request: another replica may be reconciling already, so this one
    // must not go on. Exit with an error, as client-go's controllers do; the restarted pod campaigns again.
    if (!signal.aborted) {
      throw new Error(
        `${options.identity} lost the leader election lease: exiting so that a restart can campaign again`,
      );
    }
  } finally {
    await transport.close();
  }
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const ac = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => ac.abort());
  Promise.resolve()
    .then(() => main(parseArgs(process.argv.slice(2)), ac.signal))
    .catch((err: unknown) => {
      console.error(
        `sample-controller: ${err instanceof Error ? err.message : String(err)}`,
      );
      process.exit(1);
    });
}
