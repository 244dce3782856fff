import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inClusterConfig, KubeConfigError, kubeConfigPaths, loadKubeConfig, restConfigFromKubeConfig } from '../../src/rest/kubeconfig.js';
import { b64, tempDir } from './helpers.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n';

let t: ReturnType<typeof tempDir>;
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

const doc = (s: string): { file: string; text: string }[] => [{ file: '/k/config', text: s }];

describe('kubeConfigPaths', () => {
  it.each([
    ['explicit file wins over $KUBECONFIG', { kubeconfig: '/a/b', env: { KUBECONFIG: '/x:/y' } }, { paths: ['/a/b'], explicit: true }],
    ['$KUBECONFIG list, duplicates dropped, empty entries skipped', { env: { KUBECONFIG: '/x::/y:/x' } }, { paths: ['/x', '/y'], explicit: false }],
    ['~/.kube/config by default', { env: { HOME: '/home/u' } }, { paths: ['/home/u/.kube/config'], explicit: false }],
  ] as const)('%s', (_name, given, want) => {
    expect(kubeConfigPaths(given)).toEqual(want);
  });
});

describe('loadKubeConfig', () => {
  it('merges $KUBECONFIG files as kubectl does: first definition of a name and first current-context win; paths resolve against their own file', async () => {
    mkdirSync(join(t.dir, 'a'));
    mkdirSync(join(t.dir, 'b'));
    t.write('a/ca.crt', PEM);
    t.write('b/token', 'tok-from-b\n');
    const a = t.write(
      'a/config',
      `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: c1
  cluster: { server: "https://one.example:6443", certificate-authority: ca.crt }
contexts:
- name: dev
  context: { cluster: c1, user: u1, namespace: team-a }
users: []
`,
    );
    const b = t.write(
      'b/config',
      `apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: c1
  cluster: { server: "https://ignored.example" }
- name: c2
  cluster: { server: "https://two.example/prefix/" }
contexts:
- name: dev
  context: { cluster: c2, user: ignored }
- name: prod
  context: { cluster: c2, user: u1 }
users:
- name: u1
  user: { tokenFile: token }
`,
    );
    const missing = join(t.dir, 'nope');
    const cfg = await loadKubeConfig({ env: { KUBECONFIG: [missing, a, b].join(':') } });
    expect(cfg).toEqual({
      host: 'https://one.example:6443',
      namespace: 'team-a',
      tls: { ca: PEM },
      bearerTokenFile: join(t.dir, 'b/token'),
    });
    const prod = await loadKubeConfig({ env: { KUBECONFIG: [a, b].join(':') }, context: 'prod', namespace: 'x' });
    expect(prod).toMatchObject({ host: 'https://two.example/prefix', namespace: 'x' });
  });

  it('reads every user auth method', async () => {
    t.write('client.crt', PEM);
    const cfg = await restConfigFromKubeConfig(
      [
        {
          file: join(t.dir, 'config'),
          text: `current-context: x
clusters: [{ name: c, cluster: { server: "https://h:1", insecure-skip-tls-verify: true, tls-server-name: api.internal, proxy-url: "http://proxy:3128" } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
users:
- name: u
  user:
    client-certificate: client.crt
    client-key-data: ${b64(KEY)}
    token: abc
    username: bob
    password: pw
    as: jane
    as-groups: [g1, g2]
    as-uid: "42"
    as-user-extra: { scopes: [a, b] }
`,
        },
      ],
      {},
    );
    expect(cfg).toEqual({
      host: 'https://h:1',
      tls: { insecure: true, serverName: 'api.internal', cert: PEM, key: KEY },
      proxyUrl: 'http://proxy:3128',
      bearerToken: 'abc',
      username: 'bob',
      password: 'pw',
      impersonate: { userName: 'jane', uid: '42', groups: ['g1', 'g2'], extra: { scopes: ['a', 'b'] } },
    });
  });

  it('reads exec plugins, resolving a relative command against the kubeconfig', async () => {
    const cfg = await restConfigFromKubeConfig(
      doc(`current-context: x
clusters: [{ name: c, cluster: { server: "https://h:1" } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/plugin
      args: [get-token, --cluster, c]
      env: [{ name: FOO, value: bar }]
      interactiveMode: Never
      installHint: install plugin from example.com
`),
    );
    expect(cfg.exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      command: '/k/bin/plugin',
      args: ['get-token', '--cluster', 'c'],
      env: [{ name: 'FOO', value: 'bar' }],
      interactiveMode: 'Never',
      installHint: 'install plugin from example.com',
      cwd: '/k',
    });
  });

  const base = `clusters: [{ name: c, cluster: { server: "https://h:1" } }]
contexts: [{ name: x, context: { cluster: c, user: u } }, { name: y, context: { cluster: missing } }]
users: [{ name: u, user: { token: t } }]
`;
  it.each([
    ['no current-context', base, {}, /no current-context is set: pass \{ context: name \} \(contexts: x, y\)/],
    ['unknown context', base, { context: 'zzz' }, /context "zzz" not found \(contexts: x, y\): pick one of them/],
    ['context naming an undefined cluster', base, { context: 'y' }, /context "y" refers to cluster "missing", which is not defined \(clusters: c\)/],
    ['malformed YAML, with its position', 'current-context: x\nclusters: [\n  - : :\n', {}, /^\/k\/config:\d+:\d+: the kubeconfig is not valid YAML/],
    ['not a Config', 'kind: Pod\n', {}, /kind is "Pod", not Config/],
    ['cluster without server', 'current-context: x\nclusters: [{ name: c, cluster: {} }]\ncontexts: [{ name: x, context: { cluster: c } }]\n', {}, /cluster "c" has no server: add `server: https:\/\/HOST:PORT`/],
    ['invalid server', 'current-context: x\nclusters: [{ name: c, cluster: { server: "ftp://x" } }]\ncontexts: [{ name: x, context: { cluster: c } }]\n', {}, /invalid server "ftp:\/\/x"/],
    ['CA and insecure together', `current-context: x\nclusters: [{ name: c, cluster: { server: "https://h", insecure-skip-tls-verify: true, certificate-authority-data: ${b64(PEM)} } }]\ncontexts: [{ name: x, context: { cluster: c } }]\n`, {}, /both a certificate authority and insecure-skip-tls-verify/],
    ['data that is not base64 PEM', 'current-context: x\nclusters: [{ name: c, cluster: { server: "https://h", certificate-authority-data: "!!!" } }]\ncontexts: [{ name: x, context: { cluster: c } }]\n', {}, /certificate-authority-data is not base64-encoded PEM/],
    ['exec v1 without interactiveMode', 'current-context: x\nclusters: [{ name: c, cluster: { server: "https://h" } }]\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\nusers: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: p } } }]\n', {}, /interactiveMode is required/],
    ['removed auth-provider', 'current-context: x\nclusters: [{ name: c, cluster: { server: "https://h" } }]\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\nusers: [{ name: u, user: { auth-provider: { name: gcp } } }]\n', {}, /auth-provider "gcp".*exec plugin/],
    ['certificate without key', `current-context: x\nclusters: [{ name: c, cluster: { server: "https://h" } }]\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\nusers: [{ name: u, user: { client-certificate-data: ${b64(PEM)} } }]\n`, {}, /client certificate without its key/],
  ] as const)('%s is a clear error', async (_name, text, opts, want) => {
    const err = await restConfigFromKubeConfig(doc(text), opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeConfigError);
    expect((err as Error).message).toMatch(want);
  });

  it('an explicit missing file is an error; an empty $KUBECONFIG set finds nothing', async () => {
    await expect(loadKubeConfig({ kubeconfig: join(t.dir, 'missing') })).rejects.toThrow(/cannot read the kubeconfig \(ENOENT\): check the path/);
    await expect(loadKubeConfig({ env: { KUBECONFIG: join(t.dir, 'missing') } })).rejects.toThrow(/no kubeconfig found .*set \$KUBECONFIG/);
  });
});

describe('inClusterConfig', () => {
  it('reads the service-account directory and the service environment', async () => {
    t.write('token', 'sa-token\n');
    t.write('ca.crt', PEM);
    t.write('namespace', 'ops\n');
    const cfg = await inClusterConfig({ serviceAccountDir: t.dir, env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' } });
    expect(cfg).toEqual({ host: 'https://10.96.0.1:443', bearerTokenFile: join(t.dir, 'token'), tls: { ca: PEM }, namespace: 'ops' });
    const v6 = await inClusterConfig({ serviceAccountDir: t.dir, env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' } });
    expect(v6.host).toBe('https://[fd00::1]:443');
  });

  it('outside a pod, or without a token, says so', async () => {
    await expect(inClusterConfig({ serviceAccountDir: t.dir, env: {} })).rejects.toThrow(/not running in a cluster/);
    await expect(inClusterConfig({ serviceAccountDir: t.dir, env: { KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: '1' } })).rejects.toThrow(
      /cannot read the service-account token \(ENOENT\)/,
    );
  });
});
