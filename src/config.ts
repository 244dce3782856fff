/**
 * `kubegen.config.json` / `kubegen.config.yaml`: defaults for the CLI's flags, found in the working
 * directory (or given with `--config FILE`). Flags override it. Every problem is a usage error naming
 * the file and the key, with the fix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { didYouMean } from './diagnostics.js';

/** A usage error (bad flag, bad config file, unknown generator): the CLI prints it and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface KubegenConfig {
  /** Input tree (`apis/`). */
  input?: string;
  /** Output root for clientset, listers, informers, … */
  output?: string;
  /** Output root for CRD manifests. */
  crdOutput?: string;
  /** File whose text (with `YEAR` replaced) is prepended to every generated TypeScript file. */
  boilerplate?: string;
  /** Kind → plural overrides (case kept). */
  pluralExceptions?: Record<string, string>;
  /** Module specifier generated code imports the runtime from. */
  runtimeImport?: string;
  /** Maximum description length in CRD schemas. */
  maxDescLen?: number;
  /** Generators run by `kubegen generate` without names. */
  generators?: string[];
  /** Extension of relative imports in generated code. */
  importExtension?: '.js' | '';
}

export const CONFIG_FILE_NAMES = ['kubegen.config.json', 'kubegen.config.yaml', 'kubegen.config.yml'] as const;

const KEYS: Readonly<Record<keyof KubegenConfig, string>> = {
  input: 'a directory path',
  output: 'a directory path',
  crdOutput: 'a directory path',
  boilerplate: 'a file path',
  pluralExceptions: 'an object {"Kind": "plural"} or a string "Kind:plural,Kind2:plural2"',
  runtimeImport: 'a module specifier',
  maxDescLen: 'a non-negative integer',
  generators: 'a list of generator names',
  importExtension: '".js" or ""',
};
const PATH_KEYS = ['input', 'output', 'crdOutput', 'boilerplate'] as const;

/** The config file in `cwd`, if any; two of them is an error (which one would win is not obvious). */
export function findConfigFile(cwd: string): string | undefined {
  const found = CONFIG_FILE_NAMES.map((n) => path.join(cwd, n)).filter((p) => existsSync(p));
  if (found.length > 1) {
    throw new UsageError(`both ${found.map((f) => path.basename(f)).join(' and ')} exist in ${cwd}; keep one of them`);
  }
  return found[0];
}

/**
 * Reads and validates a config file. Relative paths in it are relative to the file's folder; they are
 * returned relative to `cwd` (or absolute when outside it), ready to use as flag values.
 */
export function loadConfigFile(file: string, cwd: string = process.cwd()): KubegenConfig {
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config file ${shown}: ${(e as Error).message}`);
  }
  let data: unknown;
  if (/\.ya?ml$/i.test(file)) {
    data = parseYaml(text, shown);
  } else {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${shown}: not valid JSON: ${(e as Error).message}`);
    }
  }
  const config = validateConfig(data ?? {}, shown);
  const dir = path.dirname(path.resolve(cwd, file));
  for (const key of PATH_KEYS) {
    const v = config[key];
    if (v !== undefined) {
      const abs = path.resolve(dir, v);
      const rel = path.relative(cwd, abs);
      config[key] = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
    }
  }
  return config;
}

function parseYaml(text: string, shown: string): unknown {
  const yaml = requireYaml();
  try {
    return yaml.load(text, { filename: shown });
  } catch (e) {
    throw new UsageError(`${shown}: not valid YAML: ${(e as Error).message}`);
  }
}

const require = createRequire(import.meta.url);
/** js-yaml is loaded only when a YAML config is read. */
function requireYaml(): typeof import('js-yaml') {
  return require('js-yaml') as typeof import('js-yaml');
}

/** Validates parsed config data; `shown` names the file in messages. */
export function validateConfig(data: unknown, shown: string): KubegenConfig {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${shown}: must be an object of settings, e.g. {"input": "apis", "output": "src/generated"}`);
  }
  const out: KubegenConfig = {};
  const fail = (key: string, got: unknown): never => {
    throw new UsageError(`${shown}: "${key}" must be ${KEYS[key as keyof KubegenConfig]}, got ${JSON.stringify(got)}`);
  };
  for (const [key, value] of Object.entries(data)) {
    if (key === '$schema') continue;
    if (!Object.hasOwn(KEYS, key)) {
      const hint = didYouMean(key, Object.keys(KEYS));
      throw new UsageError(
        `${shown}: unknown setting "${key}"${hint ? `; did you mean "${hint}"?` : ''} (known: ${Object.keys(KEYS).join(', ')})`,
      );
    }
    switch (key as keyof KubegenConfig) {
      case 'input':
      case 'output':
      case 'crdOutput':
      case 'boilerplate':
      case 'runtimeImport':
        if (typeof value !== 'string' || value === '') fail(key, value);
        out[key as 'input'] = value as string;
        break;
      case 'maxDescLen':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(key, value);
        out.maxDescLen = value as number;
        break;
      case 'generators':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) fail(key, value);
        out.generators = [...(value as string[])];
        break;
      case 'importExtension':
        if (value !== '.js' && value !== '') fail(key, value);
        out.importExtension = value as '.js' | '';
        break;
      case 'pluralExceptions':
        if (typeof value === 'string') {
          out.pluralExceptions = parsePluralExceptions(value, `${shown}: "pluralExceptions"`);
        } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          const rec: Record<string, string> = {};
          for (const [k, v] of Object.entries(value)) {
            if (typeof v !== 'string' || v === '' || k === '') fail(key, value);
            rec[k] = v as string;
          }
          out.pluralExceptions = rec;
        } else {
          fail(key, value);
        }
        break;
    }
  }
  return out;
}

/**
 * Parses `Kind:plural,Kind2:plural2` (client-gen's `--plural-exceptions` syntax).
 * `where` prefixes error messages (e.g. `--plural-exceptions`).
 */
export function parsePluralExceptions(spec: string, where = '--plural-exceptions'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const parts = item.split(':');
    if (parts.length !== 2 || parts[0]!.trim() === '' || parts[1]!.trim() === '') {
      throw new UsageError(`${where}: "${item}" is not Kind:plural (e.g. "Endpoints:Endpoints,Chassis:Chassis")`);
    }
    const kind = parts[0]!.trim();
    const plural = parts[1]!.trim();
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) throw new UsageError(`${where}: kind "${kind}" must be an identifier such as HTTPClient`);
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(plural)) throw new UsageError(`${where}: plural "${plural}" of ${kind} must be letters and digits`);
    if (Object.hasOwn(out, kind) && out[kind] !== plural) throw new UsageError(`${where}: ${kind} is given two plurals, ${out[kind]} and ${plural}`);
    out[kind] = plural;
  }
  return out;
}

let cachedVersion: string | undefined;
/** kubegen's version, from its package.json. */
export function kubegenVersion(): string {
  if (cachedVersion === undefined) {
    // src/config.ts and dist/config.js both sit one level below the package root.
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    cachedVersion = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cachedVersion;
}
