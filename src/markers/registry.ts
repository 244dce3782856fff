/**
 * The marker registry: the union of every generator's marker definitions, and the one place that turns a
 * comment line into a typed `Marker` or a diagnostic.
 *
 * Name resolution (as controller-tools does it): the text before `=` is the written name. If it is a
 * registered name, that definition is used. Otherwise the longest registered prefix of its `:`-separated
 * parts is tried; a prefix matches when its definition takes named (struct) arguments and exactly one part
 * remains, which becomes the first argument's key: `+kubebuilder:printcolumn:name=Age,type=date,…` is
 * definition `kubebuilder:printcolumn` with arguments `name=Age,type=date,…`. Definitions with an
 * `ignoredReason` (markers of other tools) also match any longer name (`+kubebuilder:rbac:groups=…`,
 * `+k8s:prerelease-lifecycle-gen:introduced=1.20`, `+protobuf.options.…`) and their argument is not parsed.
 *
 * Array-item validation markers (`+kubebuilder:validation:items:Minimum=1`) are registered as names of
 * their own (see defs/crd.ts), as controller-tools registers them, so `kubegen markers` lists them.
 */
import { didYouMean, type Diagnostic, type SourcePos } from '../diagnostics.js';
import type { Marker, MarkerValue } from '../model/types.js';
import {
  describeArgType,
  exampleMarker,
  MarkerSyntaxError,
  parseArgument,
  parseStructArgument,
  splitInlineMarkers,
  splitMarker,
  StructArgError,
} from './grammar.js';
import type { ArgType, MarkerDefinition, MarkerParseResult, MarkerRegistryApi, MarkerTarget } from './types.js';
import { CORE_MARKERS, DEEPCOPY_MARKERS } from './defs/core.js';
import { CLIENTGEN_MARKERS } from './defs/clientgen.js';
import { CRD_MARKERS } from './defs/crd.js';
import { COMPAT_MARKERS } from './defs/compat.js';

/** Diagnostic codes produced by the registry. */
export const MARKER_CODES = {
  unknown: 'marker-unknown',
  target: 'marker-target',
  arg: 'marker-arg',
  syntax: 'marker-syntax',
  notMarker: 'marker-not-a-marker',
  duplicate: 'marker-duplicate',
  conflict: 'marker-conflict',
} as const;

/** One comment line handed to `parseLines`. */
export interface MarkerLine {
  text: string;
  pos: SourcePos;
}

interface Resolved {
  def: MarkerDefinition;
  /** First struct key taken from the name (`…:printcolumn:name=x` → `name`). */
  key?: string;
}

const TARGET_WORDS: Record<MarkerTarget, string> = {
  package: 'the package (in doc.ts)',
  type: 'a type',
  field: 'a field',
};

export class MarkerRegistry implements MarkerRegistryApi {
  private readonly byName = new Map<string, MarkerDefinition>();
  private readonly sorted: readonly MarkerDefinition[];

  constructor(definitions: Iterable<MarkerDefinition>) {
    for (const d of definitions) {
      if (this.byName.has(d.name)) throw new Error(`marker +${d.name} is defined twice (owners ${this.byName.get(d.name)!.owner}, ${d.owner})`);
      if (d.targets.length === 0) throw new Error(`marker +${d.name} has no targets`);
      this.byName.set(d.name, d);
    }
    this.sorted = [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  all(): readonly MarkerDefinition[] {
    return this.sorted;
  }

  lookup(name: string): MarkerDefinition | undefined {
    return this.byName.get(name);
  }

  /** Resolves a written name to its definition (see the header comment). */
  resolve(name: string): Resolved | undefined {
    const exact = this.byName.get(name);
    if (exact) return { def: exact };
    const parts = name.split(':');
    for (let i = parts.length - 1; i >= 1; i--) {
      const def = this.byName.get(parts.slice(0, i).join(':'));
      if (!def) continue;
      if (def.ignoredReason !== undefined) return { def };
      if (def.arg.kind === 'struct' && i === parts.length - 1 && parts[i] !== '') return { def, key: parts[i]! };
      return undefined;
    }
    // Foreign markers whose names continue with `.` (`+protobuf.options.(gogoproto.x)=false`).
    const dot = name.indexOf('.');
    if (dot > 0) {
      const def = this.byName.get(name.slice(0, dot));
      if (def?.ignoredReason !== undefined) return { def };
    }
    return undefined;
  }

  isMarker(line: string): boolean {
    const split = splitMarker(line);
    if (!split) return false;
    if (split.trailing === undefined) return true;
    return this.resolve(split.name) !== undefined;
  }

  parse(line: string, target: MarkerTarget, pos: SourcePos): MarkerParseResult {
    const lead = line.length - line.trimStart().length;
    const at = (offset: number): SourcePos => ({ file: pos.file, line: pos.line, col: pos.col + Math.max(0, offset - lead) });
    const split = splitMarker(line);
    const shown = line.trim();
    if (!split) {
      return {
        ok: false,
        notMarker: true,
        diagnostic: warn(pos, MARKER_CODES.notMarker, `${JSON.stringify(shown)} is not a marker (a marker name starts with a letter right after +); it is kept as description text`),
      };
    }
    const resolved = this.resolve(split.name);
    if (!resolved) {
      if (split.trailing !== undefined) {
        return {
          ok: false,
          notMarker: true,
          diagnostic: warn(pos, MARKER_CODES.notMarker, `${JSON.stringify(shown)} is not a known marker and reads as prose; it is kept as description text`),
        };
      }
      return { ok: false, diagnostic: err(pos, MARKER_CODES.unknown, this.unknownMessage(split.name)) };
    }
    const { def } = resolved;
    // Several markers on one line (`+groupName=x.io  +k8s:deepcopy-gen=package`) must be split by the
    // caller (grammar.splitInlineMarkers); parsed as one they would corrupt the first one's value.
    const inline = splitInlineMarkers(line.trim()).markers;
    const second = inline[1];
    if (second !== undefined) {
      const secondName = splitMarker(second.text)?.name;
      if (secondName !== undefined && this.resolve(secondName) !== undefined) {
        return {
          ok: false,
          diagnostic: err(
            at(lead + second.offset),
            MARKER_CODES.syntax,
            `${second.text.split('=')[0]} follows +${split.name} on the same line: put each marker on its own line`,
          ),
        };
      }
    }
    if (def.ignoredReason !== undefined) {
      const raw = split.args?.trim();
      return { ok: true, marker: { name: def.name, value: raw === undefined ? true : raw, pos } };
    }
    if (!def.targets.includes(target)) {
      const where = def.targets.map((t) => TARGET_WORDS[t]).join(' or ');
      return {
        ok: false,
        diagnostic: err(
          pos,
          MARKER_CODES.target,
          `+${def.name} is not allowed on ${TARGET_WORDS[target]}: it may stand only on ${where}; move it there`,
        ),
      };
    }
    if (split.trailing !== undefined) {
      return {
        ok: false,
        diagnostic: err(
          at(split.trailingOffset),
          MARKER_CODES.syntax,
          `unexpected text ${JSON.stringify(split.trailing)} after +${split.name}: put the description on its own line${def.arg.kind === 'flag' ? '' : `, or write the argument after = (e.g. ${this.example(def)})`}`,
        ),
      };
    }
    let value: MarkerValue;
    try {
      if (def.arg.kind === 'struct') {
        const key = resolved.key;
        value = parseStructArgument(
          split.args,
          def.arg,
          split.argsOffset,
          key === undefined ? undefined : { key, offset: lead + 1 + split.name.length - key.length },
        );
      } else if (split.args === undefined) {
        if (def.arg.kind !== 'flag') {
          return {
            ok: false,
            diagnostic: err(
              at(split.argsOffset),
              MARKER_CODES.arg,
              `+${def.name} needs a value (${describeArgType(def.arg)}): write it as ${this.example(def)}`,
            ),
          };
        }
        value = true;
      } else {
        value = parseArgument(split.args, def.arg, split.argsOffset);
      }
    } catch (e) {
      if (e instanceof MarkerSyntaxError) {
        // A missing argument has no place of its own: report it at the marker.
        const where = e instanceof StructArgError && e.problem.kind === 'missing' ? pos : at(e.offset);
        return { ok: false, diagnostic: err(where, MARKER_CODES.arg, this.argMessage(def, e)) };
      }
      throw e;
    }
    const problem = def.validate?.(value, target);
    if (problem !== undefined) {
      return { ok: false, diagnostic: err(pos, MARKER_CODES.arg, `invalid +${def.name}: ${problem}`) };
    }
    return { ok: true, marker: { name: def.name, value, pos } };
  }

  /**
   * Parses every line of one element's comment. Lines that are not markers are reported in `prose`
   * (indexes into `lines`) so the caller keeps them in the description. Non-repeatable markers given twice
   * are reported (see `checkRepeats`).
   */
  parseLines(lines: readonly MarkerLine[], target: MarkerTarget): { markers: Marker[]; diagnostics: Diagnostic[]; prose: number[] } {
    const markers: Marker[] = [];
    const diagnostics: Diagnostic[] = [];
    const prose: number[] = [];
    lines.forEach((l, i) => {
      if (!this.isMarker(l.text)) {
        prose.push(i);
        return;
      }
      const r = this.parse(l.text, target, l.pos);
      if (r.ok) markers.push(r.marker);
      else if (r.notMarker) prose.push(i);
      else diagnostics.push(r.diagnostic);
    });
    diagnostics.push(...this.checkRepeats(markers));
    return { markers, diagnostics, prose };
  }

  /**
   * Markers of one element: a non-repeatable marker given twice with the same value is a warning
   * (`marker-duplicate`), with different values an error (`marker-conflict`).
   */
  checkRepeats(markers: readonly Marker[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    const seen = new Map<string, Marker>();
    for (const m of markers) {
      const def = this.byName.get(m.name);
      if (!def || def.repeatable || def.ignoredReason !== undefined) continue;
      const prev = seen.get(m.name);
      if (!prev) {
        seen.set(m.name, m);
        continue;
      }
      if (JSON.stringify(prev.value) === JSON.stringify(m.value)) {
        out.push(warn(m.pos, MARKER_CODES.duplicate, `+${m.name} is repeated (first at line ${prev.pos.line}): remove the duplicate`));
      } else {
        out.push(
          err(
            m.pos,
            MARKER_CODES.conflict,
            `+${m.name} is given twice with different values (first at ${prev.pos.file}:${prev.pos.line}:${prev.pos.col}): keep only one`,
          ),
        );
      }
    }
    return out;
  }

  /** The example line for a definition. */
  example(def: MarkerDefinition): string {
    return def.example ?? exampleMarker(def.name, def.arg);
  }

  private unknownMessage(name: string): string {
    const suggestion = didYouMean(name, this.byName.keys());
    if (suggestion !== undefined) return `unknown marker +${name}: did you mean +${suggestion}?`;
    // A struct definition with an unknown key written in the name (`+kubebuilder:resource:pth=x`).
    const parts = name.split(':');
    for (let i = parts.length - 1; i >= 1; i--) {
      const def = this.byName.get(parts.slice(0, i).join(':'));
      if (def && def.arg.kind === 'struct' && i === parts.length - 1) {
        const keys = Object.keys(def.arg.fields);
        const k = didYouMean(parts[i]!, keys);
        return `+${def.name} has no argument ${parts[i]}: ${k !== undefined ? `did you mean ${k}? ` : ''}its arguments are ${keys.join(', ')}`;
      }
    }
    // A family prefix the user got right (`+genclient:foo`): list the family.
    for (let i = parts.length - 1; i >= 1; i--) {
      const prefix = parts.slice(0, i).join(':') + ':';
      const family = this.sorted.filter((d) => d.name.startsWith(prefix) && d.ignoredReason === undefined).map((d) => `+${d.name}`);
      if (family.length > 0 && family.length <= 12) {
        return `unknown marker +${name}: the ${prefix}… markers are ${family.join(', ')}`;
      }
      if (family.length > 12) break;
    }
    return `unknown marker +${name}: check the spelling (kubegen markers lists every marker kubegen understands), or remove it`;
  }

  private argMessage(def: MarkerDefinition, e: MarkerSyntaxError): string {
    if (e instanceof StructArgError && def.arg.kind === 'struct') {
      const keys = Object.keys(def.arg.fields);
      const p = e.problem;
      switch (p.kind) {
        case 'unknown-key': {
          const k = didYouMean(p.key, keys);
          return `+${def.name} has no argument ${p.key}: ${k !== undefined ? `did you mean ${k}? ` : ''}its arguments are ${keys.join(', ')}`;
        }
        case 'missing':
          return `+${def.name} is missing the required argument${p.keys.length > 1 ? 's' : ''} ${p.keys.join(', ')}: write it as ${this.example(def)}`;
        case 'duplicate-key':
          return `+${def.name} gives the argument ${p.key} twice: keep one`;
        case 'no-value': {
          const f = def.arg.fields[p.key];
          return `argument ${p.key} of +${def.name} needs a value${f ? ` (${describeArgType(f.type)})` : ''}: write it as ${this.example(def)}`;
        }
      }
    }
    return `invalid argument for +${def.name}: ${e.message}; write it as ${this.example(def)}`;
  }
}

function err(pos: SourcePos, code: string, message: string): Diagnostic {
  return { severity: 'error', pos, code, message };
}

function warn(pos: SourcePos, code: string, message: string): Diagnostic {
  return { severity: 'warning', pos, code, message };
}

/** Every definition kubegen knows: core, deepcopy, clientgen, crd, and other tools' markers (ignored). */
export const ALL_MARKER_DEFINITIONS: readonly MarkerDefinition[] = [
  ...CORE_MARKERS,
  ...DEEPCOPY_MARKERS,
  ...CLIENTGEN_MARKERS,
  ...CRD_MARKERS,
  ...COMPAT_MARKERS,
];

let cached: MarkerRegistry | undefined;

/** The registry of every definition (cached; definitions are immutable). */
export function defaultRegistry(): MarkerRegistry {
  cached ??= new MarkerRegistry(ALL_MARKER_DEFINITIONS);
  return cached;
}

