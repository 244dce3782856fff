/**
 * Source files → model declarations. Works on the TypeScript syntax tree only: no type checker, no
 * program. Names are resolved by hand from import declarations, the file's own declarations and the
 * re-exports of files inside the input tree, which keeps parsing linear in the size of the input.
 */
import { posix } from 'node:path';
import type { ts as tsTypes } from 'ts-morph';
import { ts } from './tsm.js';
import type { Diagnostic, SourcePos } from '../diagnostics.js';
import type { MarkerRegistryApi } from '../markers/types.js';
import type { AliasType, Field, Marker, StructType, TypeDecl, TypeExpr } from '../model/types.js';
import { declComments } from './comments.js';
import { extractDocAndMarkers } from './docmarkers.js';
import { NUMBER_ALIASES, WELL_KNOWN_NAMES, isNumberAlias, isRuntimeModule, isWellKnownName } from './wellknown.js';

/** A named import binding of a file. */
interface ImportBinding {
  module: string;
  /** The exported name imported, `*` for a namespace import, `default` for a default import. */
  imported: string;
}

/** Everything name resolution needs to know about one file. */
export interface FileInfo {
  rel: string;
  pkg: string;
  sf: tsTypes.SourceFile;
  /** Top-level declarations by name (interfaces, type aliases, classes, enums, functions, variables). */
  decls: Map<string, tsTypes.Statement[]>;
  /** Names exported under their own name. */
  exported: Set<string>;
  /** `export { A } from './x.js'` / `export { A as B } from …`: exported name → source. */
  reexports: Map<string, ImportBinding>;
  /** `export * from './x.js'`. */
  starExports: string[];
  imports: Map<string, ImportBinding>;
}

const EMPTY_PLACEHOLDER: TypeExpr = { kind: 'unknown' };

function hasModifier(node: tsTypes.Node, kind: tsTypes.SyntaxKind): boolean {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return mods?.some((m) => m.kind === kind) ?? false;
}

/** Indexes one parsed file. */
export function indexFile(rel: string, pkg: string, sf: tsTypes.SourceFile): FileInfo {
  const info: FileInfo = {
    rel,
    pkg,
    sf,
    decls: new Map(),
    exported: new Set(),
    reexports: new Map(),
    starExports: [],
    imports: new Map(),
  };
  const addDecl = (name: string, stmt: tsTypes.Statement): void => {
    const list = info.decls.get(name);
    if (list) list.push(stmt);
    else info.decls.set(name, [stmt]);
    if (hasModifier(stmt, ts.SyntaxKind.ExportKeyword)) info.exported.add(name);
  };
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt)) {
      if (!ts.isStringLiteral(stmt.moduleSpecifier)) continue;
      const module = stmt.moduleSpecifier.text;
      const clause = stmt.importClause;
      if (!clause) continue;
      if (clause.name) info.imports.set(clause.name.text, { module, imported: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) info.imports.set(nb.name.text, { module, imported: '*' });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) {
          info.imports.set(el.name.text, { module, imported: (el.propertyName ?? el.name).text });
        }
      }
    } else if (ts.isExportDeclaration(stmt)) {
      const module =
        stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
      if (!stmt.exportClause) {
        if (module !== undefined) info.starExports.push(module);
        continue;
      }
      if (!ts.isNamedExports(stmt.exportClause)) continue;
      for (const el of stmt.exportClause.elements) {
        const local = (el.propertyName ?? el.name).text;
        if (module !== undefined) info.reexports.set(el.name.text, { module, imported: local });
        else if (local === el.name.text) info.exported.add(local);
        else info.reexports.set(el.name.text, { module: '.', imported: local });
      }
    } else if (
      ts.isInterfaceDeclaration(stmt) ||
      ts.isTypeAliasDeclaration(stmt) ||
      ts.isClassDeclaration(stmt) ||
      ts.isEnumDeclaration(stmt) ||
      ts.isFunctionDeclaration(stmt)
    ) {
      if (stmt.name) addDecl(stmt.name.text, stmt);
    } else if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name)) addDecl(d.name.text, stmt);
    }
  }
  return info;
}

/** Resolved meaning of a type name. */
type Resolved = { kind: 'decl'; file: FileInfo; name: string; node: tsTypes.Statement } | { kind: 'runtime'; name: string };

type Resolution = { ok: true; value: Resolved } | { ok: false; message: string; code: string };

export interface ParseContext {
  registry: MarkerRegistryApi;
  files: Map<string, FileInfo>;
  diags: Diagnostic[];
  runtimeImport?: string;
}

function describeStatement(node: tsTypes.Statement): string {
  if (ts.isClassDeclaration(node)) return 'a class';
  if (ts.isEnumDeclaration(node)) return 'an enum';
  if (ts.isFunctionDeclaration(node)) return 'a function';
  if (ts.isVariableStatement(node)) return 'a value';
  return 'not a type';
}

function notATypeFix(node: tsTypes.Statement, name: string): string {
  if (ts.isEnumDeclaration(node)) return `use a union of literals instead (export type ${name} = 'A' | 'B')`;
  if (ts.isClassDeclaration(node)) return `declare it as an exported interface (API types are plain data)`;
  return `API types are interfaces or type aliases`;
}

function notAType(node: tsTypes.Statement, name: string): { ok: false; code: string; message: string } {
  return {
    ok: false,
    code: 'not-a-type',
    message: `${name} is ${describeStatement(node)}, not an API type: ${notATypeFix(node, name)}`,
  };
}

function isTypeDecl(node: tsTypes.Statement): node is tsTypes.InterfaceDeclaration | tsTypes.TypeAliasDeclaration {
  return ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node);
}

/** The type meaning of a name declared several times (`type Phase = …` beside `const Phase = {…}`). */
function preferType(decls: readonly tsTypes.Statement[]): tsTypes.Statement {
  return decls.find(isTypeDecl) ?? decls[0]!;
}

/** Resolves a relative module specifier of `from` to a file of the input tree. */
function resolveModule(ctx: ParseContext, from: FileInfo, spec: string): FileInfo | undefined | 'outside' {
  if (spec === '.') return from;
  const base = posix.normalize(posix.join(posix.dirname(from.rel), spec));
  if (base === '..' || base.startsWith('../')) return 'outside';
  const candidates: string[] = [];
  if (/\.(js|mjs|cjs)$/.test(base)) candidates.push(base.replace(/\.(js|mjs|cjs)$/, '.ts'));
  else if (base.endsWith('.ts')) candidates.push(base);
  else candidates.push(base + '.ts', base + '/index.ts');
  for (const c of candidates) {
    const f = ctx.files.get(c.startsWith('./') ? c.slice(2) : c);
    if (f) return f;
  }
  return undefined;
}

/** What `name` exported from `file` is. */
function resolveExport(ctx: ParseContext, file: FileInfo, name: string, seen: Set<string>): Resolution | undefined {
  const key = `${file.rel}#${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const decls = file.decls.get(name);
  if (decls && file.exported.has(name))
    return { ok: true, value: { kind: 'decl', file, name, node: preferType(decls) } };
  const re = file.reexports.get(name);
  if (re) return resolveBinding(ctx, file, re, seen);
  for (const star of file.starExports) {
    if (isRuntimeModule(star, ctx.runtimeImport)) {
      if (isWellKnownName(name) || isNumberAlias(name)) return { ok: true, value: { kind: 'runtime', name } };
      continue;
    }
    const target = resolveModule(ctx, file, star);
    if (!target || target === 'outside') continue;
    const r = resolveExport(ctx, target, name, seen);
    if (r) return r;
  }
  if (decls) {
    const d = preferType(decls);
    if (!isTypeDecl(d)) return notAType(d, name);
    return {
      ok: false,
      code: 'not-exported',
      message: `type ${name} is declared in ${file.rel} but not exported: add \`export\` to its declaration`,
    };
  }
  return undefined;
}

function resolveBinding(ctx: ParseContext, file: FileInfo, b: ImportBinding, seen: Set<string>): Resolution {
  if (isRuntimeModule(b.module, ctx.runtimeImport)) {
    if (isWellKnownName(b.imported) || isNumberAlias(b.imported)) {
      return { ok: true, value: { kind: 'runtime', name: b.imported } };
    }
    return {
      ok: false,
      code: 'unknown-runtime-type',
      message: `${b.imported} from '${b.module}' is not a type kubegen understands; use one of ${[
        ...WELL_KNOWN_NAMES,
        ...Object.keys(NUMBER_ALIASES),
      ].join(', ')}`,
    };
  }
  if (!b.module.startsWith('.')) {
    return {
      ok: false,
      code: 'external-type',
      message: `type ${b.imported} comes from '${b.module}', outside the input tree: kubegen reads only the input tree and @kubegen/runtime; declare the type in a shared package of the input tree`,
    };
  }
  const target = resolveModule(ctx, file, b.module);
  if (target === 'outside') {
    return {
      ok: false,
      code: 'external-type',
      message: `'${b.module}' points outside the input tree: move the type into the input tree (a shared package such as common/)`,
    };
  }
  if (!target) {
    return {
      ok: false,
      code: 'unresolved-import',
      message: `cannot resolve '${b.module}' from ${file.rel}: no such .ts file in the input tree`,
    };
  }
  if (b.imported === 'default' || b.imported === '*') {
    return {
      ok: false,
      code: 'unresolved-type',
      message: `${b.imported === '*' ? 'namespace' : 'default'} import of '${b.module}' used as a type: import the type by name, e.g. import type { X } from '${b.module}'`,
    };
  }
  const r = resolveExport(ctx, target, b.imported, seen);
  if (r) return r;
  return {
    ok: false,
    code: 'unresolved-type',
    message: `'${b.module}' (${target.rel}) exports no type named ${b.imported}`,
  };
}

/** Names of globals that users reach for, with the fix kubegen suggests. */
const GLOBAL_HINTS: Readonly<Record<string, string>> = {
  Date: 'use Time (or MicroTime) from @kubegen/runtime (timestamps are RFC 3339 strings on the wire)',
  Map: 'use Record<string, V> (JSON objects are the only maps on the wire)',
  Set: 'use an array and mark it +listType=set',
  Promise: 'API types are plain data',
  Function: 'API types are plain data',
  Object: 'use Record<string, unknown> or a named interface',
  String: 'use string',
  Number: 'use number, int32, int64, float32 or float64',
  Boolean: 'use boolean',
  BigInt: 'use int64 from @kubegen/runtime',
  Symbol: 'API types are plain data',
  Uint8Array: 'use string (base64-encoded bytes, format byte)',
  Buffer: 'use string (base64-encoded bytes, format byte)',
  Partial: 'declare a named interface with optional fields',
  Required: 'declare a named interface with required fields',
  Readonly: 'use the type itself',
  Pick: 'declare a named interface with the fields you need',
  Omit: 'declare a named interface with the fields you need',
  Exclude: 'write the union of literals out',
  Extract: 'write the union of literals out',
  NonNullable: 'use the type itself',
};

interface Scope {
  file: FileInfo;
}

/** Converts declarations of one file into model types. */
export class FileConverter {
  private readonly sf: tsTypes.SourceFile;

  /** `isDocFile`: in doc.ts a declaration's detached comment block belongs to the package. */
  constructor(
    private readonly ctx: ParseContext,
    private readonly file: FileInfo,
    private readonly isDocFile = false,
  ) {
    this.sf = file.sf;
  }

  pos(offset: number): SourcePos {
    const lc = this.sf.getLineAndCharacterOfPosition(offset);
    return { file: this.file.rel, line: lc.line + 1, col: lc.character + 1 };
  }

  private nodePos(node: tsTypes.Node): SourcePos {
    return this.pos(node.getStart(this.sf));
  }

  private error(node: tsTypes.Node, code: string, message: string): void {
    this.ctx.diags.push({ severity: 'error', pos: this.nodePos(node), code, message });
  }

  private text(node: tsTypes.Node): string {
    return node.getText(this.sf);
  }

  private docOf(node: tsTypes.Node, target: 'type' | 'field'): { description: string; markers: Marker[] } {
    const c = declComments(this.sf, node);
    if (this.isDocFile && target === 'type') delete c.second;
    if (!c.closest && !c.second) return { description: '', markers: [] };
    return extractDocAndMarkers(
      this.ctx.registry,
      target,
      [c.second, c.closest],
      c.closest,
      (o) => this.pos(o),
      this.ctx.diags,
    );
  }

  /** The model declarations of this file (exported interfaces and type aliases). */
  convertFile(): TypeDecl[] {
    const out: TypeDecl[] = [];
    const seen = new Map<string, tsTypes.Statement>();
    for (const stmt of this.sf.statements) {
      if (
        (ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt)) &&
        stmt.name &&
        this.file.exported.has(stmt.name.text)
      ) {
        const name = stmt.name.text;
        this.error(
          stmt.name,
          'unsupported-declaration',
          ts.isClassDeclaration(stmt)
            ? `class ${name} cannot be an API type: API types are plain data; declare an interface, or move the class out of the input tree`
            : `enum ${name} cannot be an API type: use a union of literals, e.g. export type ${name} = 'A' | 'B'`,
        );
        continue;
      }
      if (ts.isModuleDeclaration(stmt)) {
        this.error(
          stmt.name,
          'unsupported-declaration',
          `${ts.isStringLiteral(stmt.name) ? `module ${JSON.stringify(stmt.name.text)}` : `namespace ${stmt.name.text}`} is not read: declare API types at the top level of the file`,
        );
        continue;
      }
      if (!ts.isInterfaceDeclaration(stmt) && !ts.isTypeAliasDeclaration(stmt)) continue;
      const name = stmt.name.text;
      if (!this.file.exported.has(name)) continue;
      const prev = seen.get(name);
      if (prev) {
        this.error(
          stmt.name,
          'declaration-merging',
          `${name} is declared more than once in this file: merged declarations are not supported; declare it once`,
        );
        continue;
      }
      seen.set(name, stmt);
      const d = ts.isInterfaceDeclaration(stmt) ? this.convertInterface(stmt) : this.convertAlias(stmt);
      if (d) out.push(d);
    }
    for (const [exported, b] of this.file.reexports) {
      if (b.module !== '.') continue;
      const decl = this.file.decls.get(b.imported)?.[0];
      if (decl && (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl))) {
        this.error(
          decl.name,
          'export-rename',
          `${b.imported} is exported as ${exported}: API types are exported under their own name; rename the declaration`,
        );
      }
    }
    return out;
  }

  private base(stmt: tsTypes.InterfaceDeclaration | tsTypes.TypeAliasDeclaration): {
    name: string;
    pkg: string;
    file: string;
    pos: SourcePos;
    description: string;
    markers: Marker[];
    deepcopy: boolean;
  } {
    const doc = this.docOf(stmt, 'type');
    return {
      name: stmt.name.text,
      pkg: this.file.pkg,
      file: this.file.rel,
      pos: this.nodePos(stmt.name),
      description: doc.description,
      markers: doc.markers,
      deepcopy: false,
    };
  }

  /** A generic declaration is reported once; its body is not converted (its type parameters mean nothing). */
  private isGeneric(stmt: tsTypes.InterfaceDeclaration | tsTypes.TypeAliasDeclaration): boolean {
    const tps = stmt.typeParameters;
    if (!tps || tps.length === 0) return false;
    this.error(
      tps[0]!,
      'open-generic',
      `generic type ${stmt.name.text}<${tps.map((t) => t.name.text).join(', ')}> cannot be expressed in a structural schema: declare a concrete type for each use`,
    );
    return true;
  }

  private convertInterface(stmt: tsTypes.InterfaceDeclaration): TypeDecl | undefined {
    const b = this.base(stmt);
    if (this.isGeneric(stmt)) return undefined;
    const scope: Scope = { file: this.file };
    const embeds: TypeExpr[] = [];
    for (const h of stmt.heritageClauses ?? []) {
      for (const t of h.types) {
        const e = this.embedOf(t, scope);
        if (e) embeds.push(e);
      }
    }
    const { fields, index } = this.members(stmt.members, scope, stmt.name.text);
    if (index) {
      if (fields.length > 0 || embeds.length > 0) {
        this.error(
          index.node,
          'index-signature-mixed',
          `${stmt.name.text} mixes an index signature with named properties or extends: a structural schema cannot express both; move the map into a field, e.g. \`entries: Record<string, ${this.text(index.node.type)}>\``,
        );
      } else {
        const alias: AliasType = { ...b, declKind: 'alias', target: { kind: 'map', values: index.values } };
        return alias;
      }
    }
    const s: StructType = { ...b, declKind: 'struct', embeds, fields };
    return s;
  }

  private convertAlias(stmt: tsTypes.TypeAliasDeclaration): TypeDecl | undefined {
    const b = this.base(stmt);
    if (this.isGeneric(stmt)) return undefined;
    const scope: Scope = { file: this.file };
    let t: tsTypes.TypeNode = stmt.type;
    while (ts.isParenthesizedTypeNode(t)) t = t.type;
    if (ts.isTypeLiteralNode(t)) {
      const { fields, index } = this.members(t.members, scope, stmt.name.text);
      if (index && fields.length === 0) {
        return { ...b, declKind: 'alias', target: { kind: 'map', values: index.values } };
      }
      if (index) {
        this.error(
          index.node,
          'index-signature-mixed',
          `${stmt.name.text} mixes an index signature with named properties: a structural schema cannot express both; move the map into a field`,
        );
      }
      return { ...b, declKind: 'struct', embeds: [], fields };
    }
    if (ts.isIntersectionTypeNode(t)) {
      // `type X = A & B & { c: string }` is `interface X extends A, B { c: string }`.
      const embeds: TypeExpr[] = [];
      const fields: Field[] = [];
      for (const part0 of t.types) {
        let part = part0;
        while (ts.isParenthesizedTypeNode(part)) part = part.type;
        if (ts.isTypeLiteralNode(part)) {
          const m = this.members(part.members, scope, stmt.name.text);
          if (m.index) {
            this.error(
              m.index.node,
              'intersection',
              `an index signature cannot be part of an intersection: declare the map as a field of a named interface`,
            );
          }
          fields.push(...m.fields);
        } else if (ts.isTypeReferenceNode(part)) {
          const e = this.embedOf(part, scope);
          if (e) embeds.push(e);
        } else {
          this.error(
            part,
            'intersection',
            `intersection member ${this.text(part)} cannot be flattened into a struct: intersect only named object types and object literals`,
          );
        }
      }
      return { ...b, declKind: 'struct', embeds, fields };
    }
    return { ...b, declKind: 'alias', target: this.typeExpr(t, scope, false) };
  }

  /** An `extends` entry (or intersection member): a reference to a struct-like declared or well-known type. */
  private embedOf(t: tsTypes.ExpressionWithTypeArguments | tsTypes.TypeReferenceNode, scope: Scope): TypeExpr | undefined {
    if (t.typeArguments && t.typeArguments.length > 0) {
      this.error(
        t,
        'open-generic',
        `${this.text(t)}: generic types cannot be expressed in a structural schema; extend a concrete interface`,
      );
      return undefined;
    }
    const nameNode = ts.isTypeReferenceNode(t) ? t.typeName : t.expression;
    const parts = entityParts(nameNode);
    if (!parts) {
      this.error(t, 'unsupported-type', `cannot extend ${this.text(t)}: extend a named interface`);
      return undefined;
    }
    const r = this.resolveName(parts, scope);
    if (!r.ok) {
      this.error(t, r.code, r.message);
      return undefined;
    }
    const v = r.value;
    if (v.kind === 'runtime') {
      if (isNumberAlias(v.name)) {
        this.error(t, 'unsupported-type', `cannot extend ${v.name}: it is a number, not an object type`);
        return undefined;
      }
      return { kind: 'well-known', name: v.name as TypeExprWellKnown };
    }
    if (!isTypeDecl(v.node)) {
      const e = notAType(v.node, v.name);
      this.error(t, e.code, e.message);
      return undefined;
    }
    return { kind: 'ref', target: { pkg: v.file.pkg, name: v.name } };
  }

  /** Resolves `Name` or `ns.Name` from the scope's file. */
  private resolveName(parts: readonly string[], scope: Scope): Resolution {
    const file = scope.file;
    const first = parts[0]!;
    if (parts.length === 2) {
      const b = file.imports.get(first);
      if (!b || b.imported !== '*') {
        return {
          ok: false,
          code: 'unresolved-type',
          message: `cannot resolve ${parts.join('.')}: ${first} is not a namespace import`,
        };
      }
      return resolveBinding(this.ctx, file, { module: b.module, imported: parts[1]! }, new Set());
    }
    if (parts.length > 2) {
      return { ok: false, code: 'unresolved-type', message: `cannot resolve ${parts.join('.')}` };
    }
    const local = file.decls.get(first);
    if (local) {
      const d = preferType(local);
      if (!isTypeDecl(d)) return notAType(d, first);
      if (!file.exported.has(first)) {
        return {
          ok: false,
          code: 'not-exported',
          message: `type ${first} is not exported: add \`export\` to its declaration so generated code can import it`,
        };
      }
      return { ok: true, value: { kind: 'decl', file, name: first, node: d } };
    }
    const imp = file.imports.get(first);
    if (imp) return resolveBinding(this.ctx, file, imp, new Set());
    if (isWellKnownName(first) || isNumberAlias(first)) {
      return {
        ok: false,
        code: 'unresolved-type',
        message: `cannot find ${first}: import it with import type { ${first} } from '@kubegen/runtime'`,
      };
    }
    // Declared in a sibling file of the package but not imported.
    for (const other of this.ctx.files.values()) {
      if (other.pkg !== file.pkg || other === file) continue;
      if (other.decls.has(first) && other.exported.has(first)) {
        const spec = './' + posix.basename(other.rel).replace(/\.ts$/, '.js');
        return {
          ok: false,
          code: 'not-imported',
          message: `cannot find ${first}: it is declared in ${other.rel}; add import type { ${first} } from '${spec}'`,
        };
      }
    }
    const hint = Object.hasOwn(GLOBAL_HINTS, first) ? GLOBAL_HINTS[first] : undefined;
    if (hint !== undefined) {
      return {
        ok: false,
        code: 'unsupported-type',
        message: `${first} cannot be expressed in a structural schema: ${hint}`,
      };
    }
    return {
      ok: false,
      code: 'unresolved-type',
      message: `cannot find type ${first}: declare and export it, or import it from a file of the input tree or from @kubegen/runtime`,
    };
  }

  private members(
    members: tsTypes.NodeArray<tsTypes.TypeElement>,
    scope: Scope,
    owner: string,
  ): { fields: Field[]; index?: { node: tsTypes.IndexSignatureDeclaration; values: TypeExpr } } {
    const fields: Field[] = [];
    let index: { node: tsTypes.IndexSignatureDeclaration; values: TypeExpr } | undefined;
    const seen = new Map<string, Field>();
    for (const m of members) {
      if (ts.isPropertySignature(m)) {
        const f = this.field(m, scope, owner);
        if (!f) continue;
        const first = seen.get(f.name);
        if (first) {
          // TypeScript rejects this too (TS2300/TS2717); without the check one declaration would silently win.
          this.error(
            m.name,
            'duplicate-field',
            `field ${f.name} of ${owner} is declared twice (first on line ${first.pos.line}): remove one of the declarations`,
          );
          continue;
        }
        seen.set(f.name, f);
        fields.push(f);
      } else if (ts.isIndexSignatureDeclaration(m)) {
        const p = m.parameters[0];
        if (!p?.type || p.type.kind !== ts.SyntaxKind.StringKeyword) {
          this.error(
            m,
            'map-key',
            `index signature keys must be string: JSON object keys are strings; write { [key: string]: ${this.text(m.type)} }`,
          );
        }
        if (index) {
          this.error(m, 'index-signature-mixed', `${owner} has more than one index signature: declare one`);
        }
        index = { node: m, values: this.typeExpr(m.type, scope, false) };
      } else if (ts.isMethodSignature(m)) {
        this.error(
          m,
          'unsupported-member',
          `method ${this.text(m.name)}() in ${owner} cannot be expressed in a structural schema: API types are plain data; remove it`,
        );
      } else if (ts.isCallSignatureDeclaration(m) || ts.isConstructSignatureDeclaration(m)) {
        this.error(
          m,
          'unsupported-member',
          `${owner} has a call or construct signature: API types are plain data; remove it`,
        );
      } else {
        this.error(
          m,
          'unsupported-member',
          `accessor in ${owner} cannot be expressed in a structural schema: declare a plain property`,
        );
      }
    }
    return index ? { fields, index } : { fields };
  }

  private field(m: tsTypes.PropertySignature, scope: Scope, owner: string): Field | undefined {
    let name: string;
    if (
      ts.isIdentifier(m.name) ||
      ts.isStringLiteral(m.name) ||
      ts.isNoSubstitutionTemplateLiteral(m.name) ||
      ts.isNumericLiteral(m.name)
    ) {
      name = m.name.text;
    } else {
      this.error(
        m.name,
        'unsupported-member',
        `property ${this.text(m.name)} in ${owner}: use an identifier or a quoted string as the property name`,
      );
      return undefined;
    }
    const tsOptional = m.questionToken !== undefined;
    const doc = this.docOf(m, 'field');
    let type: TypeExpr;
    if (!m.type) {
      this.error(m.name, 'missing-type', `property ${name} in ${owner} has no type annotation: declare its type`);
      type = EMPTY_PLACEHOLDER;
    } else {
      type = this.typeExpr(m.type, scope, tsOptional ? 'optional' : 'required');
    }
    return {
      name,
      type,
      tsOptional,
      optional: tsOptional,
      description: doc.description,
      markers: doc.markers,
      pos: this.nodePos(m.name),
    };
  }

  /**
   * A type node → model type expression. `undefinedOk`: `'optional'` for a `?` property (where
   * `| undefined` is allowed and dropped), `'required'` for a required property, false elsewhere.
   */
  typeExpr(node: tsTypes.TypeNode, scope: Scope, undefinedOk: 'optional' | 'required' | false): TypeExpr {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { kind: 'primitive', type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { kind: 'primitive', type: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { kind: 'primitive', type: 'boolean' };
      case ts.SyntaxKind.UnknownKeyword:
        return { kind: 'unknown' };
      case ts.SyntaxKind.AnyKeyword:
        return this.unsupported(
          node,
          '`any` is not allowed: use `unknown` for arbitrary JSON (preserved unknown fields)',
        );
      case ts.SyntaxKind.ObjectKeyword:
        return this.unsupported(
          node,
          '`object` says nothing about the fields: use a named interface or Record<string, unknown>',
        );
      case ts.SyntaxKind.NeverKeyword:
      case ts.SyntaxKind.VoidKeyword:
      case ts.SyntaxKind.UndefinedKeyword:
        return this.unsupported(
          node,
          `\`${this.text(node)}\` has no JSON value: remove the field or give it a data type`,
        );
      case ts.SyntaxKind.SymbolKeyword:
        return this.unsupported(node, '`symbol` has no JSON representation: use string');
      case ts.SyntaxKind.BigIntKeyword:
        return this.unsupported(node, '`bigint` has no JSON representation: use int64 from @kubegen/runtime');
      default:
        break;
    }
    if (ts.isParenthesizedTypeNode(node)) return this.typeExpr(node.type, scope, undefinedOk);
    if (ts.isLiteralTypeNode(node)) {
      const lit = literalValue(node);
      if (lit === null) {
        return this.unsupported(node, '`null` alone has no schema: write `T | null` for a nullable T');
      }
      if (lit === undefined) return this.unsupported(node, `literal ${this.text(node)} is not supported`);
      return { kind: 'literals', base: literalBase([lit]), values: [lit] };
    }
    if (ts.isUnionTypeNode(node)) return this.union(node, scope, undefinedOk);
    if (ts.isArrayTypeNode(node)) return { kind: 'array', items: this.typeExpr(node.elementType, scope, false) };
    if (ts.isTypeOperatorNode(node)) {
      if (node.operator === ts.SyntaxKind.ReadonlyKeyword && ts.isArrayTypeNode(node.type)) {
        return this.typeExpr(node.type, scope, false);
      }
      if (node.operator === ts.SyntaxKind.ReadonlyKeyword && ts.isTupleTypeNode(node.type)) {
        return this.typeExpr(node.type, scope, false);
      }
      return this.unsupported(
        node,
        `\`${this.text(node)}\` is computed by the type system: write the resulting type out`,
      );
    }
    if (ts.isTypeLiteralNode(node)) {
      const { fields, index } = this.members(node.members, scope, 'object literal');
      if (index) {
        if (fields.length > 0) {
          this.error(
            index.node,
            'index-signature-mixed',
            `an object type mixes an index signature with named properties: a structural schema cannot express both; move the map into a field`,
          );
        }
        return { kind: 'map', values: index.values };
      }
      return { kind: 'object', fields };
    }
    if (ts.isTypeReferenceNode(node)) return this.reference(node, scope);
    if (ts.isTupleTypeNode(node)) {
      return this.unsupported(
        node,
        'tuples cannot be expressed in a structural schema: use an array of one type or an object with named fields',
      );
    }
    if (ts.isFunctionTypeNode(node) || ts.isConstructorTypeNode(node)) {
      return this.unsupported(node, 'functions cannot be expressed in a structural schema: API types are plain data');
    }
    if (ts.isIntersectionTypeNode(node)) {
      this.error(
        node,
        'intersection',
        `intersection ${this.text(node)} cannot be used here: declare a named type (export interface X extends A, B {}) and use it`,
      );
      return EMPTY_PLACEHOLDER;
    }
    if (ts.isImportTypeNode(node)) {
      return this.unsupported(node, 'import() types are not resolved: use an import declaration');
    }
    if (ts.isTemplateLiteralTypeNode(node)) {
      return this.unsupported(
        node,
        'template literal types cannot be expressed: use string with +kubebuilder:validation:Pattern',
      );
    }
    return this.unsupported(
      node,
      `\`${this.text(node)}\` is computed by the type system: write the resulting type out`,
    );
  }

  private unsupported(node: tsTypes.Node, why: string): TypeExpr {
    this.error(node, 'unsupported-type', why);
    return EMPTY_PLACEHOLDER;
  }

  private union(node: tsTypes.UnionTypeNode, scope: Scope, undefinedOk: 'optional' | 'required' | false): TypeExpr {
    const members: tsTypes.TypeNode[] = [];
    const flatten = (n: tsTypes.TypeNode): void => {
      while (ts.isParenthesizedTypeNode(n)) n = n.type;
      if (ts.isUnionTypeNode(n)) n.types.forEach(flatten);
      else members.push(n);
    };
    flatten(node);
    let nullable = false;
    const rest: tsTypes.TypeNode[] = [];
    for (const m of members) {
      if (ts.isLiteralTypeNode(m) && m.literal.kind === ts.SyntaxKind.NullKeyword) nullable = true;
      else if (m.kind === ts.SyntaxKind.UndefinedKeyword) {
        if (undefinedOk === 'required') {
          this.error(
            m,
            'undefined-type',
            '`undefined` in the type of a required property: declare the property optional with `?` instead',
          );
        } else if (undefinedOk === false) {
          this.error(m, 'undefined-type', '`undefined` has no JSON value here: remove it');
        }
      } else rest.push(m);
    }
    const wrap = (t: TypeExpr): TypeExpr => (nullable ? { kind: 'nullable', inner: t } : t);
    if (rest.length === 0) {
      return this.unsupported(node, `\`${this.text(node)}\` has no JSON value: give the property a data type`);
    }
    if (rest.length === 1) return wrap(this.typeExpr(rest[0]!, scope, false));
    const values: (string | number | boolean)[] = [];
    let allLiterals = true;
    for (const m of rest) {
      const v = ts.isLiteralTypeNode(m) ? literalValue(m) : undefined;
      if (v === undefined || v === null) {
        allLiterals = false;
        break;
      }
      if (!values.includes(v)) values.push(v);
    }
    if (allLiterals) {
      const kinds = new Set(values.map((v) => typeof v));
      if (kinds.size > 1) {
        this.error(
          node,
          'mixed-literal-union',
          `union ${this.text(node)} mixes literal types: an enum has one type; use literals of one type`,
        );
        return EMPTY_PLACEHOLDER;
      }
      if (kinds.has('boolean') && values.length === 2) return wrap({ kind: 'primitive', type: 'boolean' });
      return wrap({ kind: 'literals', base: literalBase(values), values });
    }
    const texts = rest.map((r) => this.text(r)).sort();
    const intOrString =
      texts.length === 2 &&
      texts[1] === 'string' &&
      (texts[0] === 'number' || texts[0] === 'int32' || texts[0] === 'int64');
    this.error(
      node,
      'non-literal-union',
      `union ${this.text(node)} cannot be expressed in a structural schema: ${
        intOrString
          ? 'use IntOrString from @kubegen/runtime'
          : 'use one type, a union of literals, or a struct with one optional field per alternative'
      }`,
    );
    return EMPTY_PLACEHOLDER;
  }

  private reference(node: tsTypes.TypeReferenceNode, scope: Scope): TypeExpr {
    const parts = entityParts(node.typeName);
    if (!parts) return this.unsupported(node, `cannot resolve ${this.text(node)}`);
    const args = node.typeArguments ?? [];
    const name = parts.length === 1 ? parts[0]! : '';
    const shadowed = name !== '' && (scope.file.decls.has(name) || scope.file.imports.has(name));
    if (!shadowed && (name === 'Array' || name === 'ReadonlyArray')) {
      if (args.length !== 1) return this.unsupported(node, `${name} takes one type argument: write ${name}<T>`);
      return { kind: 'array', items: this.typeExpr(args[0]!, scope, false) };
    }
    if (!shadowed && name === 'Record') {
      if (args.length !== 2) return this.unsupported(node, 'Record takes two type arguments: write Record<string, T>');
      if (args[0]!.kind !== ts.SyntaxKind.StringKeyword) {
        this.error(
          args[0]!,
          'map-key',
          `map keys must be string (JSON object keys are strings): write Record<string, ${this.text(args[1]!)}>`,
        );
      }
      return { kind: 'map', values: this.typeExpr(args[1]!, scope, false) };
    }
    const r = this.resolveName(parts, scope);
    if (!r.ok) {
      this.error(node, r.code, r.message);
      return EMPTY_PLACEHOLDER;
    }
    if (args.length > 0) {
      this.error(
        node,
        'open-generic',
        `${this.text(node)}: generic types cannot be expressed in a structural schema; declare a concrete type`,
      );
      return EMPTY_PLACEHOLDER;
    }
    const v = r.value;
    if (v.kind === 'runtime') {
      const num = NUMBER_ALIASES[v.name];
      if (num) return { kind: 'primitive', type: num.type, format: num.format };
      return { kind: 'well-known', name: v.name as TypeExprWellKnown };
    }
    if (!isTypeDecl(v.node)) {
      const e = notAType(v.node, v.name);
      this.error(node, e.code, e.message);
      return EMPTY_PLACEHOLDER;
    }
    return { kind: 'ref', target: { pkg: v.file.pkg, name: v.name } };
  }
}

type TypeExprWellKnown = Extract<TypeExpr, { kind: 'well-known' }>['name'];

function entityParts(n: tsTypes.Node): string[] | undefined {
  if (ts.isIdentifier(n)) return [n.text];
  if (ts.isQualifiedName(n)) {
    const left = entityParts(n.left);
    return left ? [...left, n.right.text] : undefined;
  }
  if (ts.isPropertyAccessExpression(n)) {
    const left = entityParts(n.expression);
    return left ? [...left, n.name.text] : undefined;
  }
  return undefined;
}

/** The value of a literal type; `null` for `null`; undefined when not a JSON literal. */
function literalValue(node: tsTypes.LiteralTypeNode): string | number | boolean | null | undefined {
  const l = node.literal;
  switch (l.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      return (l as tsTypes.StringLiteral).text;
    case ts.SyntaxKind.NumericLiteral:
      return Number((l as tsTypes.NumericLiteral).text);
    case ts.SyntaxKind.TrueKeyword:
      return true;
    case ts.SyntaxKind.FalseKeyword:
      return false;
    case ts.SyntaxKind.NullKeyword:
      return null;
    case ts.SyntaxKind.PrefixUnaryExpression: {
      const p = l as tsTypes.PrefixUnaryExpression;
      if (p.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(p.operand)) return -Number(p.operand.text);
      return undefined;
    }
    default:
      return undefined;
  }
}

function literalBase(values: readonly (string | number | boolean)[]): 'string' | 'number' | 'integer' | 'boolean' {
  const v = values[0];
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return values.every((x) => Number.isInteger(x)) ? 'integer' : 'number';
}
