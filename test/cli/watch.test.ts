/**
 * `kubegen generate --watch`, in process on a temp copy of the samplecrd fixture: the initial run, a
 * one-field edit regenerated (only the files it changes are written), a broken edit reported while
 * watching goes on, the fix picked up, and a clean stop with exit code 0.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { REPO_ROOT } from '../util/fixtures.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('generate --watch', () => {
  it('regenerates on change, survives bad input, stops cleanly', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubegen-watch-'));
    cpSync(path.join(REPO_ROOT, 'fixtures', 'samplecrd', 'apis'), path.join(dir, 'apis'), { recursive: true });
    const out: string[] = [];
    const err: string[] = [];
    const waiters: { test: (s: string) => boolean; resolve: () => void }[] = [];
    const onOut = (s: string): void => {
      out.push(s);
      for (const w of [...waiters]) if (w.test(out.join(''))) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
    };
    const lines = (): string[] => out.join('').split('\n').filter((l) => l.startsWith('kubegen watch:'));
    const waitFor = (n: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out; output so far:\n${out.join('')}${err.join('')}`)), 15_000);
        waiters.push({ test: () => lines().filter((l) => !l.includes('watching')).length >= n, resolve: () => (clearTimeout(t), resolve()) });
        onOut('');
      });
    const ac = new AbortController();
    const io = { stdout: onOut, stderr: (s: string) => void err.push(s), cwd: dir, env: {}, signal: ac.signal };
    const exit = runCli(['generate', '--watch', '--input', 'apis', '--output', 'out', '--crd-output', 'crd'], io);

    await waitFor(1);
    expect(lines()[0]).toMatch(/^kubegen watch: initial run: \d+ written, 0 removed, 0 unchanged \(\d+ ms\)$/);
    const types = path.join(dir, 'apis', 'samplecrd', 'v1', 'types.ts');
    const crdFile = path.join(dir, 'crd', 'samplecrd.k8s.io_networks.yaml');
    expect(readFileSync(crdFile, 'utf8')).not.toContain('vlanTag:');

    // A one-field change: the CRD, deep-copy and apply configuration change; the rest is left alone.
    const original = readFileSync(types, 'utf8');
    writeFileSync(types, original.replace('export interface NetworkSpec {', 'export interface NetworkSpec {\n  /** VlanTag of the network. */\n  vlanTag?: int32;'));
    await waitFor(2);
    expect(lines()[2]).toMatch(/^kubegen watch: samplecrd\/v1\/types\.ts changed: [1-9]\d* written, 0 removed, [1-9]\d* unchanged \(\d+ ms\)$/);
    expect(readFileSync(crdFile, 'utf8')).toContain('vlanTag:');

    // A broken edit: diagnostics, nothing written, still watching.
    writeFileSync(types, original.replace('export interface NetworkSpec {', 'export interface NetworkSpec {\n  bad: bigint;'));
    await waitFor(3);
    expect(lines()[3]).toMatch(/types\.ts changed: errors above; nothing written/);
    expect(err.join('')).toMatch(/samplecrd\/v1\/types\.ts:\d+:\d+: .*bigint/);
    expect(readFileSync(crdFile, 'utf8')).toContain('vlanTag:');

    writeFileSync(types, original);
    await waitFor(4);
    expect(readFileSync(crdFile, 'utf8')).not.toContain('vlanTag:');

    ac.abort();
    expect(await exit).toBe(0);
  }, 60_000);

  it('picks up a version folder added, and removes its outputs when the folder is removed', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubegen-watch-'));
    cpSync(path.join(REPO_ROOT, 'fixtures', 'samplecrd', 'apis'), path.join(dir, 'apis'), { recursive: true });
    let out = '';
    const ac = new AbortController();
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), cwd: dir, env: {}, signal: ac.signal };
    const exit = runCli(['generate', '--watch', '--input', 'apis', '--output', 'out', '--crd-output', 'crd'], io);
    const until = async (cond: () => boolean): Promise<void> => {
      const end = Date.now() + 15_000;
      while (!cond()) {
        if (Date.now() > end) throw new Error(`timed out; output so far:\n${out}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const v2Client = path.join(dir, 'out', 'clientset', 'versioned', 'typed', 'samplecrd', 'v2', 'network.ts');
    await until(() => out.includes('watching'));
    const v1 = path.join(dir, 'apis', 'samplecrd', 'v1');
    const v2 = path.join(dir, 'apis', 'samplecrd', 'v2');
    mkdirSync(v2);
    writeFileSync(path.join(v2, 'doc.ts'), readFileSync(path.join(v1, 'doc.ts'), 'utf8'));
    writeFileSync(path.join(v2, 'types.ts'), readFileSync(path.join(v1, 'types.ts'), 'utf8').replace(' * +genclient\n', ' * +genclient\n * +kubebuilder:storageversion\n'));
    await until(() => existsSync(v2Client));
    rmSync(v2, { recursive: true });
    await until(() => !existsSync(v2Client));
    expect(out).toMatch(/samplecrd\/v2 changed: \d+ written, [1-9]\d* removed/);
    ac.abort();
    expect(await exit).toBe(0);
  }, 60_000);
});
