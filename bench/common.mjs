// Pieces the benchmark scripts share: flag parsing, the median, and the Widget custom resource the
// client and informer benchmarks serve from the test API server.

/** The value after `--name` on the command line, or `fallback`. */
export function flag(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A schemaless namespaced CRD: the server keeps whatever the benchmark writes. */
export const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.bench.example.com' },
  spec: {
    group: 'bench.example.com',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

/** The runtime's ResourceInfo of that CRD. */
export const widgetInfo = { group: 'bench.example.com', version: 'v1', resource: 'widgets', kind: 'Widget', namespaced: true };
