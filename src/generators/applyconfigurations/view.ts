/**
 * Views of the applyconfigurations generator: for each type of the plan, its apply-configuration
 * interface (every field optional, nested structs as their apply configurations), its builder class
 * (one `with…` method per field) and constructor function, and for kinds the `extract…` functions.
 */
import type { Diagnostic } from '../../diagnostics.js';
import { upperCamelFromDashed } from '../../model/naming.js';
import { allFields } from '../../model/query.js';
import type { ApiModel, Field, TypeDecl, TypeExpr, Version, WellKnownName } from '../../model/types.js';
import { apiModule, importDecl, PRINT_WIDTH, relModule } from '../common/targets.js';
import type { GeneratorOptions } from '../types.js';
import { propertyName, quote } from '../common/literal.js';
import { brokenList, jsdoc, propertyLines, splitTopLevelUnion, thisAccess, withMethodName } from './layout.js';
import { refKey, type AcPackage, type AcPlan, type AcType } from './plan.js';

/** Well-known types with an apply configuration in the runtime (client-go's applyconfigurations/meta/v1). */
const RUNTIME_AC: Partial<Record<WellKnownName, string>> = {
  ObjectMeta: 'ObjectMetaApplyConfiguration',
  OwnerReference: 'OwnerReferenceApplyConfiguration',
  ManagedFieldsEntry: 'ManagedFieldsEntryApplyConfiguration',
  Condition: 'ConditionApplyConfiguration',
  LabelSelector: 'LabelSelectorApplyConfiguration',
  LabelSelectorRequirement: 'LabelSelectorRequirementApplyConfiguration',
};
/** Well-known values applied whole (strings, numbers, free-form objects): the runtime type itself. */
const RUNTIME_VALUE: ReadonlySet<WellKnownName> = new Set(['Time', 'MicroTime', 'Duration', 'Quantity', 'IntOrString', 'RawExtension']);

/** Methods every kind builder inherits from the runtime's ObjectApplyConfigurationBuilder. */
const OBJECT_METHODS: ReadonlySet<string> = new Set([
  'withApiVersion',
  'withKind',
  'withName',
  'withGenerateName',
  'withNamespace',
  'withUid',
  'withResourceVersion',
  'withGeneration',
  'withCreationTimestamp',
  'withDeletionTimestamp',
  'withDeletionGracePeriodSeconds',
  'withLabels',
  'withAnnotations',
  'withOwnerReferences',
  'withFinalizers',
  'getName',
  'getNamespace',
]);

/** Imports of one generated file: module → exported name → local name; local names never clash. */
class FileImports {
  private readonly taken = new Set<string>();
  private readonly modules = new Map<string, Map<string, { local: string; typeOnly: boolean }>>();

  /**
   * `locals`: names the file declares. `ownNames`: names of the file's own package, which keep their plain
   * name whatever the import order (a same-named type of another package is the one aliased).
   */
  constructor(
    locals: readonly string[],
    private readonly ownNames: ReadonlySet<string> = new Set(),
  ) {
    for (const n of locals) this.taken.add(n);
  }

  /**
   * The local name of `name` from `module`, imported on first use (aliased `<prefix><name>` on a clash).
   * `own`: the module belongs to the file's own package.
   */
  use(module: string, name: string, typeOnly: boolean, aliasPrefix: string, own = false): string {
    let names = this.modules.get(module);
    if (!names) this.modules.set(module, (names = new Map()));
    const have = names.get(name);
    if (have) {
      if (!typeOnly) have.typeOnly = false;
      return have.local;
    }
    let local = name;
    for (let i = 2; this.taken.has(local) || (!own && local === name && this.ownNames.has(name)); i++) local = i === 2 ? `${aliasPrefix}${name}` : `${aliasPrefix}${name}${i}`;
    this.taken.add(local);
    names.set(name, { local, typeOnly });
    return local;
  }

  lines(): string[] {
    return [...this.modules.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([module, names]) => {
        const entries = [...names.entries()].map(([name, { local, typeOnly }]) => `${typeOnly ? 'type ' : ''}${name === local ? name : `${name} as ${local}`}`);
        // Prettier never breaks an import of a single name, however long.
        if (entries.length === 1) {
          const only = entries[0]!;
          return only.startsWith('type ') ? `import type { ${only.slice(5)} } from '${module}';` : `import { ${only} } from '${module}';`;
        }
        return importDecl(entries, module);
      });
  }
}

/** How a file refers to types: apply configurations, API types, runtime types. */
class TypePrinter {
  constructor(
    private readonly plan: AcPlan,
    private readonly self: AcType,
    private readonly imports: FileImports,
    private readonly options: GeneratorOptions,
    private readonly file: string,
  ) {}

  runtime(name: string, typeOnly = true): string {
    return this.imports.use(this.options.runtimeImport, name, typeOnly, 'Runtime');
  }

  private readonly locals = new Map<object, string>();

  apiType(decl: TypeDecl): string {
    let local = this.locals.get(decl);
    if (local === undefined) {
      local = this.imports.use(apiModule(this.file, decl, this.options), decl.name, true, aliasPrefix(decl.pkg));
      this.locals.set(decl, local);
    }
    return local;
  }

  private acType(t: AcType): string {
    if (t === this.self) return t.iface;
    let local = this.locals.get(t);
    if (local === undefined) {
      local = this.imports.use(relModule(this.file, t.module, this.options.importExtension), t.iface, true, aliasPrefix(t.pkg.id), t.pkg === this.self.pkg);
      this.locals.set(t, local);
    }
    return local;
  }

  /** Whether an expression must be rewritten in apply-configuration form (it reaches a struct). */
  private needsRewrite(t: TypeExpr, seen: Set<string>): boolean {
    switch (t.kind) {
      case 'ref': {
        const key = refKey(t.target);
        if (seen.has(key)) return false;
        seen.add(key);
        const d = this.plan.decls.get(refKey(t.target));
        if (!d) return false;
        return d.declKind === 'struct' || this.needsRewrite(d.target, seen);
      }
      case 'well-known':
        return !RUNTIME_VALUE.has(t.name);
      case 'array':
        return this.needsRewrite(t.items, seen);
      case 'map':
        return this.needsRewrite(t.values, seen);
      case 'nullable':
        return this.needsRewrite(t.inner, seen);
      case 'object':
        return true;
      default:
        return false;
    }
  }

  /** The apply-configuration form of a type expression, at `indent` (for inline objects). */
  print(t: TypeExpr, indent: string): string {
    switch (t.kind) {
      case 'primitive':
        if (t.type === 'integer') return t.format === 'int64' ? this.runtime('int64') : t.format === 'int32' ? this.runtime('int32') : 'number';
        if (t.type === 'number') return t.format === 'float' ? this.runtime('float32') : t.format === 'double' ? this.runtime('float64') : 'number';
        return t.type;
      case 'literals':
        return t.values.map((v) => (typeof v === 'string' ? quote(v) : String(v))).join(' | ');
      case 'array': {
        return arrayType(this.print(t.items, indent));
      }
      case 'map': {
        const values = this.print(t.values, indent);
        if (!values.includes('\n')) return `Record<string, ${values}>`;
        // Prettier breaks Record<string, {…}> awkwardly; an index signature stays readable and stable.
        return `{\n${indent}  [key: string]: ${this.print(t.values, `${indent}  `)};\n${indent}}`;
      }
      case 'nullable':
        return `${this.print(t.inner, indent)} | null`;
      case 'unknown':
        return 'unknown';
      case 'well-known': {
        const ac = RUNTIME_AC[t.name];
        if (ac) return this.runtime(ac);
        if (RUNTIME_VALUE.has(t.name)) return this.runtime(t.name);
        return `${this.runtime('DeepPartial')}<${this.runtime(t.name)}>`;
      }
      case 'object':
        return this.inlineObject(t.fields, indent);
      case 'ref': {
        const d = this.plan.decls.get(refKey(t.target));
        if (!d) return 'unknown';
        if (d.declKind === 'struct') {
          const ac = this.plan.byRef.get(refKey(d));
          return ac ? this.acType(ac) : `${this.runtime('DeepPartial')}<${this.apiType(d)}>`;
        }
        return this.needsRewrite(d.target, new Set([refKey(d)])) ? this.print(d.target, indent) : this.apiType(d);
      }
    }
  }

  private inlineObject(fields: readonly Field[], indent: string): string {
    if (fields.length === 0) return '{}';
    const inner = `${indent}  `;
    const lines = ['{'];
    for (const f of fields) {
      lines.push(...jsdoc(inner, f.description));
      lines.push(...propertyLines(inner, propertyName(f.name), this.print(f.type, inner)));
    }
    lines.push(`${indent}}`);
    return lines.join('\n');
  }
}

/** `T[]`, with parentheses around a union. */
function arrayType(item: string): string {
  return splitTopLevelUnion(item).length > 1 ? `(${item})[]` : `${item}[]`;
}

function aliasPrefix(pkgId: string): string {
  return pkgId
    .split('/')
    .map((s) => upperCamelFromDashed(s.replace(/[^A-Za-z0-9-_]/g, '-')))
    .join('');
}

/** Field shape for its builder method. */
function fieldShape(plan: AcPlan, t: TypeExpr): { kind: 'array'; items: TypeExpr } | { kind: 'map'; values: TypeExpr } | { kind: 'value' } {
  let cur = t;
  const seen = new Set<string>();
  for (;;) {
    if (cur.kind === 'nullable') cur = cur.inner;
    else if (cur.kind === 'ref') {
      const key = refKey(cur.target);
      if (seen.has(key)) return { kind: 'value' };
      seen.add(key);
      const d = plan.decls.get(key);
      if (!d || d.declKind !== 'alias') return { kind: 'value' };
      cur = d.target;
    } else break;
  }
  if (cur.kind === 'array') return { kind: 'array', items: cur.items };
  if (cur.kind === 'map') return { kind: 'map', values: cur.values };
  return { kind: 'value' };
}

export interface TypeFileView {
  header: string;
  importLines: string[];
  ifaceDoc: string[];
  ifaceHead: string;
  /** The interface's members, laid out ('' when none). */
  fieldsBlock: string;
  builderDoc: string;
  builderIfaceHead: string;
  classHead: string;
  /** The class members (constructor, with… methods), laid out and separated by blank lines ('' when none). */
  membersBlock: string;
  /** The top-level functions, laid out and separated by blank lines. */
  functionsBlock: string;
}

export function typeFileView(
  model: ApiModel,
  plan: AcPlan,
  t: AcType,
  header: string,
  options: GeneratorOptions,
  diagnostics: Diagnostic[],
): TypeFileView {
  const file = `${t.module}.ts`;
  const d = t.decl;
  const isKind = d.root === 'kind';
  const locals = [t.iface, t.builder, t.ctor, ...(t.extract ? [t.extract] : []), ...(t.extractStatus ? [t.extractStatus] : [])];
  const own = plan.packages.find((p) => p.pkg === t.pkg)?.types ?? [];
  const imports = new FileImports(locals, new Set(own.map((o) => o.iface)));
  const types = new TypePrinter(plan, t, imports, options, file);
  const fields = allFields(model, d).filter((f) => !isKind || (f.name !== 'apiVersion' && f.name !== 'kind' && f.name !== 'metadata'));

  const fieldLines: string[] = [];
  const members: string[] = [];
  const methodNames = new Set<string>(isKind ? OBJECT_METHODS : []);
  const r = isKind ? d.resource : undefined;
  const namespaced = r === undefined || r.scope === 'Namespaced';

  if (isKind) {
    const params = ['name?: string', ...(namespaced ? ['namespace?: string'] : [])];
    // A root kind always has its resource facts; the package's group version is the fallback.
    const v = t.pkg as Partial<Version>;
    const group = r?.group ?? v.group ?? '';
    const version = r?.version ?? v.name ?? '';
    const apiVersion = group === '' ? version : `${group}/${version}`;
    const superArgs = [quote(apiVersion), quote(d.name), 'name', ...(namespaced ? ['namespace'] : [])];
    members.push(
      [
        `  /** Sets apiVersion and kind, and metadata.name${namespaced ? ' and metadata.namespace' : ''} when given. */`,
        ...brokenList('  ', 'constructor', params, ' {'),
        ...brokenList('    ', 'super', superArgs, ';'),
        '  }',
      ].join('\n'),
    );
  }

  for (const f of fields) {
    const type = types.print(f.type, '  ');
    fieldLines.push(...jsdoc('  ', f.description), ...propertyLines('  ', propertyName(f.name), type));
    const method = withMethodName(f.name);
    if (methodNames.has(method)) {
      diagnostics.push({
        severity: 'warning',
        pos: f.pos,
        code: 'applyconfig-method-collision',
        message: `field ${f.name} of ${d.name} has no ${method} builder method: ${isKind && OBJECT_METHODS.has(method) ? 'the ObjectMeta method of that name' : 'another field'} takes the name (set the field directly on the apply configuration)`,
      });
      continue;
    }
    methodNames.add(method);
    const target = thisAccess(f.name);
    const shape = fieldShape(plan, f.type);
    let lines: string[];
    if (shape.kind === 'array') {
      const item = types.print(shape.items, '  ');
      const itemType = item.includes('\n') ? `NonNullable<${t.iface}[${quote(f.name)}]>` : arrayType(item);
      lines = [
        `  /** Appends to ${f.name}. */`,
        ...brokenList('  ', method, [`...values: ${itemType}`], ': this {'),
        ...assignment('    ', target, [`...(${target} ?? [])`, '...values'], '[', ']'),
        '    return this;',
        '  }',
      ];
    } else if (shape.kind === 'map') {
      const printed = types.print(shape.values, '  ');
      const entriesType = printed.includes('\n') ? `NonNullable<${t.iface}[${quote(f.name)}]>` : `Record<string, ${printed}>`;
      lines = [
        `  /** Merges entries into ${f.name}; an existing key is overwritten. */`,
        ...brokenList('  ', method, [`entries: ${entriesType}`], ': this {'),
        ...assignment('    ', target, [`...${target}`, '...entries'], '{', '}'),
        '    return this;',
        '  }',
      ];
    } else {
      lines = [
        `  /** Sets ${f.name}; the last call wins. */`,
        ...brokenList('  ', method, [`value: ${type.includes('\n') ? `Exclude<${t.iface}[${quote(f.name)}], undefined>` : type}`], ': this {'),
        `    ${target} = value;`,
        '    return this;',
        '  }',
      ];
    }
    members.push(lines.join('\n'));
  }

  const functions: string[] = [];
  if (isKind) {
    const params = ['name: string', ...(namespaced ? ['namespace?: string'] : [])];
    functions.push(
      [
        `/** New ${d.name} apply configuration: apiVersion, kind, metadata.name${namespaced ? ' (and metadata.namespace, when given)' : ''} set. */`,
        ...brokenList('', `export function ${t.ctor}`, params, `: ${t.builder} {`),
        ...brokenList('  ', `return new ${t.builder}`, namespaced ? ['name', 'namespace'] : ['name'], ';'),
        '}',
      ].join('\n'),
    );
    const kindType = types.apiType(d);
    const extractInto = types.runtime('extractInto', false);
    const extract = (name: string, sub: string, doc: string): string =>
      [
        ...jsdoc('', doc),
        ...brokenList('', `export function ${name}`, [`obj: ${kindType}`, 'fieldManager: string'], `: ${t.builder} {`),
        ...brokenList('  ', `return ${extractInto}`, [`new ${t.builder}()`, 'obj', 'fieldManager', quote(sub)], ';'),
        '}',
      ].join('\n');
    if (t.extract) {
      functions.push(
        extract(
          t.extract,
          '',
          `The fields fieldManager owns in obj through its last apply (read from metadata.managedFields), with obj's\nname and namespace: change it and apply it again to touch only what that manager manages.\nThrows FieldsV1Error when the managed fields are malformed.`,
        ),
      );
    }
    if (t.extractStatus) {
      functions.push(
        extract(
          t.extractStatus,
          'status',
          `As ${t.extract}, for the fields fieldManager owns through applyStatus (the status subresource).`,
        ),
      );
    }
  } else {
    functions.push(
      [
        `/** New empty ${d.name} apply configuration, to fill with its with… methods. */`,
        ...brokenList('', `export function ${t.ctor}`, [], `: ${t.builder} {`),
        `  return new ${t.builder}();`,
        '}',
      ].join('\n'),
    );
  }

  const base = isKind ? types.runtime('ObjectApplyConfiguration') : undefined;
  const baseBuilder = isKind ? types.runtime('ObjectApplyConfigurationBuilder', false) : undefined;
  const desc = d.description.trim();
  return {
    header,
    importLines: imports.lines(),
    ifaceDoc: jsdoc(
      '',
      `${d.name} as a server-side apply body: every field optional, nested types as apply configurations.\nAn object literal is one; ${t.ctor}(${isKind ? 'name' : ''}) returns a builder of one.${desc === '' ? '' : `\n\n${desc}`}`,
    ),
    ifaceHead: `export interface ${t.iface}${base ? ` extends ${base}` : ''}`,
    fieldsBlock: fieldLines.join('\n'),
    builderDoc: `/** Builder of ${t.iface} (chain its \`with…\` calls); its own properties are exactly the fields set. */`,
    builderIfaceHead: `export interface ${t.builder} extends ${t.iface} {}`,
    classHead: `export class ${t.builder}${baseBuilder ? ` extends ${baseBuilder}` : ''}`,
    membersBlock: members.join('\n\n'),
    functionsBlock: functions.join('\n\n'),
  };
}

/** `target = [a, b];` or the object form, broken as Prettier breaks a long array or object literal. */
function assignment(indent: string, target: string, items: readonly string[], open: '[' | '{', close: ']' | '}'): string[] {
  const pad = open === '{' ? ' ' : '';
  const one = `${indent}${target} = ${open}${pad}${items.join(', ')}${pad}${close};`;
  if (one.length <= PRINT_WIDTH) return [one];
  return [`${indent}${target} = ${open}`, ...items.map((i) => `${indent}  ${i},`), `${indent}${close};`];
}

export interface IndexView {
  header: string;
  exports: string[];
}

export function indexView(p: AcPackage, header: string, options: GeneratorOptions): IndexView {
  const file = `${p.dir}/index.ts`;
  return { header, exports: p.types.map((t) => `export * from '${relModule(file, t.module, options.importExtension)}';`) };
}
