/**
 * CEL checks done at generation time: rules and message expressions are parsed with @bufbuild/cel, so a
 * syntax error is a diagnostic instead of an apply-time rejection. Kubernetes enables CEL's optional
 * syntax (`self.?field`, `[?x]`, `{?k: v}`), which the parser lacks; those `?` are blanked (same length,
 * so columns stay right) before parsing, outside string literals only.
 */
import { createRequire } from 'node:module';
import type { CelInput } from '@bufbuild/cel';

type CelModule = typeof import('@bufbuild/cel');
type CelExtModule = typeof import('@bufbuild/cel/ext');

/**
 * @bufbuild/cel is loaded on first use (it is a dual CommonJS/ESM package): its import costs ~70 ms,
 * paid only by trees that carry CEL rules, not by every `kubegen` start.
 */
let celModules: { cel: CelModule; env: ReturnType<CelModule['celEnv']> } | undefined;
function cel(): NonNullable<typeof celModules> {
  if (!celModules) {
    const require = createRequire(import.meta.url);
    const mod = require('@bufbuild/cel') as CelModule;
    const ext = require('@bufbuild/cel/ext') as CelExtModule;
    celModules = { cel: mod, env: mod.celEnv({ funcs: ext.strings }) };
  }
  return celModules;
}

export interface CelCheck {
  /** The syntax error, single-line, or undefined when the expression parses. */
  error?: string;
  /** The expression mentions `oldSelf` (outside string literals). */
  usesOldSelf: boolean;
  /**
   * Paths below `self` (`''` for self itself, `.spec.items`) that receive a call whose cost grows with the
   * receiver's size: the macros all/exists/exists_one/map/filter and the string/list functions.
   */
  costlyReceivers: string[];
}

/** Returns `expr` with the contents of string literals replaced by spaces (delimiters kept). */
export function blankStrings(expr: string): string {
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    const isRawPrefix =
      (c === 'r' || c === 'R' || c === 'b' || c === 'B') && (expr[i + 1] === '"' || expr[i + 1] === "'");
    if (c === '"' || c === "'" || isRawPrefix) {
      let j = i;
      let raw = false;
      if (isRawPrefix) {
        raw = c === 'r' || c === 'R';
        out += c;
        j++;
      }
      const q = expr[j]!;
      const triple = expr.startsWith(q.repeat(3), j);
      const delim = triple ? q.repeat(3) : q;
      out += delim;
      j += delim.length;
      while (j < expr.length && !expr.startsWith(delim, j)) {
        if (!raw && expr[j] === '\\' && j + 1 < expr.length) {
          out += '  ';
          j += 2;
          continue;
        }
        out += expr[j] === '\n' ? '\n' : ' ';
        j++;
      }
      if (j < expr.length) {
        out += delim;
        j += delim.length;
      }
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Blanks the `?` of CEL optional syntax (Kubernetes enables it; the parser does not know it). */
function stripOptionalSyntax(expr: string): string {
  const code = blankStrings(expr);
  const chars = [...expr];
  // Positions are UTF-16 based in both strings only when no astral characters occur; fall back to no rewrite.
  if (chars.length !== expr.length) return expr;
  const re = /(\.\s*|\[\s*|\{\s*|,\s*)\?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(code)) !== null) {
    chars[m.index + m[0].length - 1] = ' ';
  }
  return chars.join('');
}

const COSTLY =
  /\bself((?:\s*\.\s*\??\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*\.\s*(all|exists|exists_one|map|filter|matches|split|join|replace|find|findAll|indexOf|lastIndexOf|sort|contains|startsWith|endsWith|lowerAscii|upperAscii|trim)\s*\(/g;

function costlyReceivers(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(COSTLY)) out.add(m[1]!.replace(/[\s?]/g, ''));
  return [...out];
}

/** Parses a CEL expression; reports a single-line error message with line:column. */
export function checkCel(expr: string): CelCheck {
  const code = blankStrings(expr);
  const usesOldSelf = /\boldSelf\b/.test(code);
  const receivers = costlyReceivers(code);
  try {
    cel().cel.parse(stripOptionalSyntax(expr));
    return { usesOldSelf, costlyReceivers: receivers };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const msg = raw.replace(/^<input>:/, '').replace(/\s*\n\s*/g, ' ');
    return { error: msg, usesOldSelf, costlyReceivers: receivers };
  }
}

const SELECTION = /\b(?:self|oldSelf)((?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*\b(?!\s*\())+)/g;

/**
 * The field selections on `self`/`oldSelf` in an expression, as segment lists (`self.spec.name` →
 * `['spec', 'name']`); method calls end a chain, optional selections (`.?x`) are not included.
 */
export function selections(expr: string): string[][] {
  const code = blankStrings(expr);
  const out: string[][] = [];
  for (const m of code.matchAll(SELECTION)) {
    const segs = m[1]!
      .split('.')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    if (segs.length > 0) out.push(segs);
  }
  return out;
}

/**
 * Evaluates a rule with `self` bound (Kubernetes integers must be passed as bigint). Returns the boolean
 * result, or undefined when the expression cannot be evaluated here (a Kubernetes-specific function, the
 * optional syntax, an evaluation error): callers then make no claim about it.
 */
export function evaluateRule(expr: string, self: CelInput): boolean | undefined {
  if (/[.[{,]\s*\?/.test(blankStrings(expr))) return undefined;
  try {
    const { cel: c, env } = cel();
    const r = c.plan(env, c.parse(expr))({ self });
    if (c.isCelError(r)) return undefined;
    return typeof r === 'boolean' ? r : undefined;
  } catch {
    return undefined;
  }
}
