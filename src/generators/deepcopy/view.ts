/**
 * The deep-copy view: for every selected type of a package, the statements of `deepCopy<Type>(x)`.
 * Straight-line code, no reflection and no `any`: each property is copied by an expression chosen
 * from its type; optional (and, defensively, required) properties are copied only when present, so
 * absent keys stay absent and `null` stays `null`.
 */
import { posix } from 'node:path';
import type { ApiModel, Package, TypeDecl, TypeExpr, WellKnownName, Field } from '../../model/types.js';
import { allFields, resolveRef } from '../../model/query.js';
import type { GeneratorOptions } from '../types.js';
import { importDecl, PRINT_WIDTH } from '../common/targets.js';
import { quote } from '../common/literal.js';

export const DEEPCOPY_FILE = 'zz_generated.deepcopy.ts';

/** Well-known types that are plain strings or numbers: copied by value. */
const SCALAR_WELL_KNOWN: ReadonlySet<WellKnownName> = new Set(['Time', 'MicroTime', 'Duration', 'Quantity', 'IntOrString']);

export interface FunctionView {
  name: string;
  type: string;
  exported: boolean;
  /** The `function …(x: T): T {` line(s), laid out to fit the print width. */
  signature?: string;
  doc: string;
  /** Body lines, already indented by two spaces. */
  body: string[];
}

export interface DeepcopyView {
  header: string;
  imports: string[];
  functions: FunctionView[];
}

/** Does the value need copying (is it an object or array somewhere)? */
export function isScalar(model: ApiModel, t: TypeExpr, seen: Set<string> = new Set()): boolean {
  switch (t.kind) {
    case 'primitive':
    case 'literals':
      return true;
    case 'well-known':
      return SCALAR_WELL_KNOWN.has(t.name);
    case 'nullable':
      return isScalar(model, t.inner, seen);
    case 'ref': {
      const key = `${t.target.pkg}.${t.target.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      const d = resolveRef(model, t.target);
      return d !== undefined && d.declKind === 'alias' && isScalar(model, d.target, seen);
    }
    default:
      return false;
  }
}

/** Whether a declaration gets a `deepCopy<Name>` function: selected, and not a scalar alias. */
export function hasDeepCopyFunction(model: ApiModel, d: TypeDecl): boolean {
  return d.deepcopy && !(d.declKind === 'alias' && isScalar(model, d.target));
}

/** An arrow function body: object literals need parentheses. */
function arrowBody(expr: string): string {
  return expr.startsWith('{') ? `(${expr})` : expr;
}

/** `(e) => f(e)` as `f` (a plain function reference), else the arrow function. */
function mapper(inner: string): string {
  const m = /^([A-Za-z_$][A-Za-z0-9_$]*)\(e\)$/.exec(inner);
  return m ? m[1]! : `(e) => ${arrowBody(inner)}`;
}

/** `if (cond) stmt;` on one line when it fits, else Prettier's two-line form. */
function ifLine(cond: string, stmt: string): string {
  const one = `  if (${cond}) ${stmt}`;
  return one.length <= PRINT_WIDTH ? one : `  if (${cond})\n    ${stmt}`;
}

class Builder {
  readonly runtime = new Set<string>();
  /** module → names imported from it */
  readonly valueImports = new Map<string, Map<string, string>>();
  readonly typeImports = new Map<string, Set<string>>();
  readonly helpers: FunctionView[] = [];
  private readonly usedLocal = new Set<string>();

  constructor(
    readonly model: ApiModel,
    readonly pkg: Package,
    readonly options: GeneratorOptions,
  ) {
    for (const t of pkg.types) if (hasDeepCopyFunction(model, t)) this.usedLocal.add(`deepCopy${t.name}`);
  }

  private fileOf(pkgId: string): string {
    return `${pkgId}/${DEEPCOPY_FILE}`;
  }

  importType(decl: TypeDecl): void {
    const from = `${this.pkg.id}/${DEEPCOPY_FILE}`;
    let rel = posix.relative(posix.dirname(from), decl.file.replace(/\.ts$/, ''));
    if (!rel.startsWith('.')) rel = `./${rel}`;
    const mod = rel + this.options.importExtension;
    let set = this.typeImports.get(mod);
    if (!set) this.typeImports.set(mod, (set = new Set()));
    set.add(decl.name);
  }

  /** The local name of the deep-copy function of a declaration in another package, imported once. */
  private foreignCopy(decl: TypeDecl): string {
    let rel = posix.relative(this.pkg.id, this.fileOf(decl.pkg).replace(/\.ts$/, ''));
    if (!rel.startsWith('.')) rel = `./${rel}`;
    const mod = rel + this.options.importExtension;
    let names = this.valueImports.get(mod);
    if (!names) this.valueImports.set(mod, (names = new Map()));
    const existing = names.get(decl.name);
    if (existing) return existing;
    let local = `deepCopy${decl.name}`;
    if (this.usedLocal.has(local)) local = `deepCopy${decl.name}_${decl.pkg.replace(/[^A-Za-z0-9]/g, '_')}`;
    this.usedLocal.add(local);
    names.set(decl.name, local);
    return local;
  }

  private rt(name: string): string {
    this.runtime.add(name);
    return name;
  }

  /**
   * An expression copying `v` of type `t`. `typePath` is a TypeScript type naming the value's type
   * (for helper functions of inline objects); `hint` names such helpers.
   */
  copyExpr(t: TypeExpr, v: string, typePath: string, hint: string): string {
    if (isScalar(this.model, t)) return v;
    switch (t.kind) {
      case 'nullable':
        return `${v} === null ? null : ${this.copyExpr(t.inner, v, `NonNullable<${typePath}>`, hint)}`;
      case 'array': {
        if (isScalar(this.model, t.items)) return `${v}.slice()`;
        const inner = this.copyExpr(t.items, 'e', `${typePath}[number]`, `${hint}Item`);
        return `${v}.map(${mapper(inner)})`;
      }
      case 'map': {
        if (isScalar(this.model, t.values)) return `{ ...${v} }`;
        const inner = this.copyExpr(t.values, 'e', `${typePath}[string]`, `${hint}Value`);
        return `${this.rt('deepCopyRecord')}(${v}, ${mapper(inner)})`;
      }
      case 'unknown':
        return `${this.rt('deepCopyJSON')}(${v})`;
      case 'well-known':
        return `${this.rt(`deepCopy${t.name}`)}(${v})`;
      case 'object': {
        const name = `deepCopy${hint}`;
        this.helpers.push({
          name,
          type: typePath,
          exported: false,
          doc: '',
          body: this.structBody(t.fields, typePath, hint, []),
        });
        return `${name}(${v})`;
      }
      case 'ref': {
        const d = resolveRef(this.model, t.target);
        if (!d || !hasDeepCopyFunction(this.model, d)) return `${this.rt('deepCopyJSON')}(${v})`;
        if (d.pkg === this.pkg.id) return `deepCopy${d.name}(${v})`;
        return `${this.foreignCopy(d)}(${v})`;
      }
      default:
        return v;
    }
  }

  /** Statements copying `fields` of `x` into `out` (of type `type`), returning `out`. */
  structBody(fields: readonly Field[], type: string, hint: string, embedsWellKnown: string[]): string[] {
    const lines: string[] = [];
    if (embedsWellKnown.length > 0) {
      const spreads = embedsWellKnown.map((w) => `...${this.rt(`deepCopy${w}`)}(x)`).join(', ');
      lines.push(`  const out = { ${spreads} } as ${type};`);
    } else {
      lines.push(`  const out = {} as ${type};`);
    }
    for (const f of fields) {
      const prop = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(f.name) ? `.${f.name}` : `[${JSON.stringify(f.name)}]`;
      const expr = this.copyExpr(f.type, `x${prop}`, `NonNullable<${type}[${quote(f.name)}]>`, `${hint}_${f.name.replace(/[^A-Za-z0-9_$]/g, '_')}`);
      lines.push(ifLine(`x${prop} !== undefined`, `out${prop} = ${expr};`));
    }
    lines.push('  return out;');
    return lines;
  }
}

export function deepcopyView(model: ApiModel, pkg: Package, header: string, options: GeneratorOptions): DeepcopyView | undefined {
  const b = new Builder(model, pkg, options);
  const functions: FunctionView[] = [];
  for (const d of pkg.types) {
    if (!hasDeepCopyFunction(model, d)) continue;
    b.importType(d);
    const doc = `/** A deep copy of ${d.name}: shares no object or array with its argument. */`;
    if (d.declKind === 'struct') {
      const wellKnown = d.embeds.filter((e) => e.kind === 'well-known' && e.name !== 'TypeMeta').map((e) => (e.kind === 'well-known' ? e.name : ''));
      functions.push({ name: `deepCopy${d.name}`, type: d.name, exported: true, doc, body: b.structBody(allFields(model, d), d.name, d.name, wellKnown) });
    } else {
      functions.push({ name: `deepCopy${d.name}`, type: d.name, exported: true, doc, body: [`  return ${b.copyExpr(d.target, 'x', d.name, d.name)};`] });
    }
  }
  if (functions.length === 0) return undefined;
  const imports: string[] = [];
  if (b.runtime.size > 0) imports.push(importDecl([...b.runtime], options.runtimeImport));
  const typeModules = [...b.typeImports.keys()].sort();
  for (const m of typeModules) imports.push(importDecl([...b.typeImports.get(m)!], m, true));
  const valueModules = [...b.valueImports.keys()].sort();
  for (const m of valueModules) {
    const names = [...b.valueImports.get(m)!.entries()].map(([n, local]) => (local === `deepCopy${n}` ? local : `deepCopy${n} as ${local}`));
    imports.push(importDecl(names, m));
  }
  const all = [...functions, ...b.helpers].map((f) => {
    const head = `${f.exported ? 'export ' : ''}function ${f.name}(`;
    const one = `${head}x: ${f.type}): ${f.type} {`;
    return { ...f, signature: one.length <= PRINT_WIDTH ? one : `${head}\n  x: ${f.type},\n): ${f.type} {` };
  });
  return { header, imports, functions: all };
}
