/**
 * The marker registry's contract. The grammar (src/markers/grammar.ts) knows no generator; the
 * definitions live in `src/markers/defs/<owner>.ts` (core, deepcopy, clientgen, crd, compat), each
 * generator sets its `markers` field from its array, and the registry (src/markers/registry.ts) is the union.
 */
import type { Diagnostic, SourcePos } from '../diagnostics.js';
import type { Marker, MarkerValue } from '../model/types.js';

/** Where a marker may stand. */
export type MarkerTarget = 'package' | 'type' | 'field';

/** The typed shape of a marker's argument. */
export type ArgType =
  /** No argument (`+genclient`); `=true`/`=false` also accepted. Value: boolean. */
  | { kind: 'flag' }
  | { kind: 'string' }
  /** A backquoted raw string is accepted for strings (`+kubebuilder:validation:Pattern=`^a$``). */
  | { kind: 'int' }
  | { kind: 'number' }
  | { kind: 'bool' }
  /** `a;b;c` or `{a,b,c}`; element type given. */
  | { kind: 'list'; of: ArgType }
  /** Any value in marker literal syntax: number, bool, string, `{a,b}` list, `{k: v}` map, JSON. */
  | { kind: 'any' }
  /** A JSON document (`+default=`). */
  | { kind: 'json' }
  /** One of a set of strings. */
  | { kind: 'enum'; values: readonly string[] }
  /**
   * Named arguments `+name:k=v,k2=v2` (or `+name=positional,k=v` when `positional` is set).
   * Unknown keys are errors with a "did you mean".
   */
  | { kind: 'struct'; fields: Readonly<Record<string, { type: ArgType; optional?: boolean; doc?: string }>>; positional?: string };

export interface MarkerDefinition {
  /** Name without the leading `+`, e.g. `kubebuilder:validation:Minimum`. */
  name: string;
  targets: readonly MarkerTarget[];
  arg: ArgType;
  /** One-line documentation printed by `kubegen markers`. */
  doc: string;
  /** The generator (or `core`) that owns it. */
  owner: string;
  /** May appear several times on one element (values accumulate). Default false: last one wins is an error. */
  repeatable?: boolean;
  /** Accepted for compatibility but has no effect in kubegen; documented why. */
  ignoredReason?: string;
  /**
   * (Optional addition.) An example marker line shown in diagnostics and `kubegen markers`
   * (default: derived from `arg`), e.g. `+kubebuilder:printcolumn:name=Age,type=date,JSONPath=.metadata.creationTimestamp`.
   */
  example?: string;
  /**
   * (Optional addition.) Extra check after the argument parsed: returns a message (`what is wrong, and
   * how to fix it`) when the value is not acceptable on `target`, else undefined.
   */
  validate?: (value: MarkerValue, target: MarkerTarget) => string | undefined;
}

/** Result of parsing one comment line that starts with `+`. */
export type MarkerParseResult =
  | { ok: true; marker: Marker }
  | {
      ok: false;
      diagnostic: Diagnostic;
      /**
       * (Optional addition.) Set when the line is prose, not a marker (`+ 1 more`, `+1`, `+Inf is the
       * limit`): keep it in the description; the diagnostic is then only a warning.
       */
      notMarker?: true;
    };

export interface MarkerRegistryApi {
  /** All definitions, sorted by name. */
  all(): readonly MarkerDefinition[];
  lookup(name: string): MarkerDefinition | undefined;
  /**
   * Parses one marker line (text after the comment prefix, starting with `+`) found at `pos`
   * on an element of kind `target`. Unknown names, wrong targets and malformed arguments are
   * diagnostics with a "did you mean" where one is close.
   */
  parse(line: string, target: MarkerTarget, pos: SourcePos): MarkerParseResult;
  /**
   * (Optional addition.) Whether a comment line is a marker (and must be removed from the description):
   * `+` followed by a letter, and not prose such as `+Inf is the limit` (an unknown name followed by text).
   */
  isMarker?(line: string): boolean;
  /**
   * (Optional addition.) Checks the markers of ONE element: a non-repeatable marker given twice is a
   * warning (`marker-duplicate`, same value) or an error (`marker-conflict`, different values).
   */
  checkRepeats?(markers: readonly Marker[]): Diagnostic[];
}

export type { Marker, MarkerValue };
