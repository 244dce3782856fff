/** Flag parsing helpers shared by commands. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { findConfigFile, loadConfigFile, UsageError, type KubegenConfig } from '../config.js';
import type { CliIo } from './io.js';

/** commander argument parser for `--max-desc-len N`. */
export function parseNonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer.');
  return Number(value);
}

/** The config file given with `--config`, or found in the working directory; `{}` when none. */
export function readConfig(explicit: string | undefined, io: CliIo): { config: KubegenConfig; file?: string } {
  if (explicit !== undefined) {
    const file = path.resolve(io.cwd, explicit);
    try {
      readFileSync(file);
    } catch {
      throw new UsageError(`config file ${explicit} not found`);
    }
    return { config: loadConfigFile(file, io.cwd), file };
  }
  const found = findConfigFile(io.cwd);
  return found ? { config: loadConfigFile(found, io.cwd), file: found } : { config: {} };
}

/** The year substituted for `YEAR` in the boilerplate: `SOURCE_DATE_EPOCH`'s (reproducible builds), else now. */
export function boilerplateYear(env: CliIo['env'], now: Date = new Date()): number {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).getUTCFullYear();
  return now.getUTCFullYear();
}

/** Reads `--boilerplate FILE` with `YEAR` replaced, as code-generator does. */
export function readBoilerplate(file: string, io: CliIo): string {
  let text: string;
  try {
    text = readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read boilerplate file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return text.replace(/YEAR/g, String(boilerplateYear(io.env)));
}

/** `--input` (or the config's `input`): required, and an existing directory. */
export function requireInputDir(input: string | undefined, io: CliIo): string {
  if (input === undefined) {
    throw new UsageError('missing --input DIR: the folder of <group>/<version>/ API packages (or set "input" in kubegen.config.json)');
  }
  let isDir = false;
  try {
    isDir = statSync(path.resolve(io.cwd, input)).isDirectory();
  } catch {
    throw new UsageError(`--input ${input}: no such directory; pass the folder that holds the <group>/<version>/ API packages`);
  }
  if (!isDir) throw new UsageError(`--input ${input}: not a directory; pass the folder that holds the <group>/<version>/ API packages`);
  return input;
}

/**
 * The files under `dir` whose names `accept` takes, as absolute paths, sorted by name at every level;
 * folders whose names `skipDir` takes are not entered.
 */
export function filesUnder(dir: string, accept: (name: string) => boolean, skipDir: (name: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!skipDir(e.name)) out.push(...filesUnder(p, accept, skipDir));
    } else if (e.isFile() && accept(e.name)) {
      out.push(p);
    }
  }
  return out;
}

