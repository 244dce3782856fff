/**
 * The parser: reads an input tree of annotated TypeScript API types with ts-morph and produces the model
 * (src/model/types.ts) or diagnostics. The only module of kubegen that touches ts-morph.
 *
 *   loadModel = walk the tree → parse every file (syntax only, no type checker) → package markers from
 *               doc.ts → declarations → model/build (resources, defaults) → model/validate (whole model)
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ts as tsTypes } from 'ts-morph';
import { Project, ts } from './tsm.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { MarkerRegistryApi } from '../markers/types.js';
import { defaultRegistry } from '../markers/registry.js';
import { buildModel } from '../model/build.js';
import type { ApiModel } from '../model/types.js';
import { validateModel } from '../model/validate.js';
import { commentBlocks, declComments, type CommentBlock } from './comments.js';
import { extractDocAndMarkers } from './docmarkers.js';
import type { RawPackage, RawTree } from './raw.js';
import { FileConverter, indexFile, type FileInfo, type ParseContext } from './source.js';
import { findPackages } from './walk.js';

export interface LoadModelOptions {
  /** Root of the input tree (`apis/`). */
  inputDir: string;
  /** `--plural-exceptions`: Kind → plural (case kept), merged over client-gen's default (`Endpoints`). */
  pluralExceptions?: Readonly<Record<string, string>>;
  /** Marker registry; defaults to `defaultRegistry()`. */
  registry?: MarkerRegistryApi;
  /**
   * (Optional addition.) Another module specifier that the input imports the runtime's well-known types
   * from, besides `@kubegen/runtime` and its subpaths (e.g. the `--runtime-import` value).
   */
  runtimeImport?: string;
  /**
   * (Optional addition.) Parsed source files kept between runs (`generate --watch`): a file whose text
   * is unchanged is not parsed again. The map is updated in place.
   */
  cache?: ParseCache;
}

/** Relative path → the text a source file was parsed from, and the parsed file. */
export type ParseCache = Map<string, { text: string; sf: tsTypes.SourceFile }>;

export interface LoadModelResult {
  /** The model; undefined when any error diagnostic exists. */
  model?: ApiModel;
  /** Errors and warnings, sorted by position. */
  diagnostics: Diagnostic[];
}

export type { RawPackage, RawTree } from './raw.js';

const ROOT_POS = { file: '.', line: 1, col: 1 };

/** Parses, builds and validates the model of the input tree at `opts.inputDir`. */
export function loadModel(opts: LoadModelOptions): LoadModelResult {
  const diags: Diagnostic[] = [];
  if (!existsSync(opts.inputDir) || !statSync(opts.inputDir).isDirectory()) {
    const what = existsSync(opts.inputDir) ? 'is not a directory' : 'does not exist';
    diags.push({
      severity: 'error',
      pos: ROOT_POS,
      code: 'input-not-found',
      message: `input directory ${opts.inputDir} ${what}: pass the folder that holds <group>/<version>/ packages`,
    });
    return { diagnostics: diags };
  }
  const registry = opts.registry ?? defaultRegistry();
  const tree = parseTree(opts.inputDir, registry, diags, opts.runtimeImport, opts.cache);
  const built = buildModel(tree, { pluralExceptions: opts.pluralExceptions ?? {} });
  diags.push(...built.diagnostics);
  // No cascades: a placeholder left by a parse error must not turn into whole-model errors on the same
  // line, and a rejected deep-copy package marker must not also be reported as missing.
  const errorLines = new Set(diags.filter((d) => d.severity === 'error').map((d) => `${d.pos.file}:${d.pos.line}`));
  const rejectedDeepcopy = new Set(
    tree.packages
      .filter((p) => p.rejectedMarkers.some((n) => n === 'k8s:deepcopy-gen' || n === 'kubebuilder:object:generate'))
      .map((p) => p.id),
  );
  const cascade = (d: Diagnostic): boolean =>
    errorLines.has(`${d.pos.file}:${d.pos.line}`) ||
    (d.code === 'kind-without-deepcopy' && rejectedDeepcopy.has(posix.dirname(d.pos.file)));
  diags.push(...validateModel(built.model).filter((d) => !cascade(d)));
  sortDiagnostics(diags);
  const hasErrors = diags.some((d) => d.severity === 'error');
  return hasErrors ? { diagnostics: diags } : { model: built.model, diagnostics: diags };
}

/** Reads the input tree into raw packages (declarations with their markers). */
export function parseTree(
  inputDir: string,
  registry: MarkerRegistryApi,
  diags: Diagnostic[],
  runtimeImport?: string,
  cache?: ParseCache,
): RawTree {
  const found = findPackages(inputDir);
  if (found.length === 0) {
    diags.push({
      severity: 'error',
      pos: ROOT_POS,
      code: 'empty-input',
      message: 'the input directory holds no .ts files: expected <group>/<version>/doc.ts and types.ts; add an API with kubegen create api --group <group> --version=v1 --kind <Kind>, or pass the folder of your API types as --input',
    });
  }
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    skipFileDependencyResolution: true,
    skipAddingFilesFromTsConfig: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, noResolve: true, noLib: true },
  });
  const files = new Map<string, FileInfo>();
  const ctx: ParseContext = { registry, files, diags };
  if (runtimeImport !== undefined) ctx.runtimeImport = runtimeImport;
  for (const pkg of found) {
    for (const rel of pkg.files) {
      const text = readFileSync(join(inputDir, rel), 'utf8');
      const hit = cache?.get(rel);
      const sf = hit && hit.text === text ? hit.sf : project.createSourceFile('/' + rel, text, { overwrite: true }).compilerNode;
      cache?.set(rel, { text, sf });
      reportSyntaxErrors(sf, rel, diags);
      files.set(rel, indexFile(rel, pkg.id, sf));
    }
  }
  if (cache) for (const rel of [...cache.keys()]) if (!files.has(rel)) cache.delete(rel);
  const packages: RawPackage[] = [];
  for (const pkg of found) {
    const docRel = pkg.files.find((f) => f === (pkg.id === '.' ? 'doc.ts' : `${pkg.id}/doc.ts`));
    const raw: RawPackage = {
      id: pkg.id,
      files: pkg.files,
      pos: { file: docRel ?? pkg.files[0]!, line: 1, col: 1 },
      markers: [],
      rejectedMarkers: [],
      handWrittenRegister: pkg.files.some((f) => f === (pkg.id === '.' ? 'register.ts' : `${pkg.id}/register.ts`)),
      types: [],
    };
    if (pkg.groupDir !== undefined) raw.groupDir = pkg.groupDir;
    if (pkg.versionDir !== undefined) raw.versionDir = pkg.versionDir;
    if (docRel !== undefined) {
      raw.docFile = docRel;
      const pm = packageMarkers(files.get(docRel)!, registry, diags);
      raw.markers = pm.markers;
      raw.rejectedMarkers = pm.rejected;
    }
    for (const rel of pkg.files) {
      const info = files.get(rel)!;
      raw.types.push(...new FileConverter(ctx, info, rel === docRel).convertFile());
    }
    packages.push(raw);
  }
  return { packages };
}

function reportSyntaxErrors(sf: tsTypes.SourceFile, rel: string, diags: Diagnostic[]): void {
  const pd = (sf as unknown as { parseDiagnostics?: readonly tsTypes.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  for (const d of pd) {
    const lc = sf.getLineAndCharacterOfPosition(d.start);
    diags.push({
      severity: 'error',
      pos: { file: rel, line: lc.line + 1, col: lc.character + 1 },
      code: 'syntax-error',
      message: `${ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\.$/, '')}: fix the TypeScript syntax`,
    });
  }
}

/** Package markers: every comment of doc.ts that is not attached to a type declaration. */
function packageMarkers(info: FileInfo, registry: MarkerRegistryApi, diags: Diagnostic[]) {
  const sf = info.sf;
  // A type declared in doc.ts owns only its closest block; every other block is the package's.
  const blocks: CommentBlock[] = [];
  for (const stmt of sf.statements) {
    const own = ts.getLeadingCommentRanges(sf.text, stmt.pos) ?? [];
    const bs = commentBlocks(sf, own);
    const closest =
      ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt) ? declComments(sf, stmt).closest : undefined;
    for (const b of bs) if (!closest || b.startLine !== closest.startLine) blocks.push(b);
  }
  blocks.push(...commentBlocks(sf, ts.getLeadingCommentRanges(sf.text, sf.endOfFileToken.pos) ?? []));
  const posAt = (o: number) => {
    const lc = sf.getLineAndCharacterOfPosition(o);
    return { file: info.rel, line: lc.line + 1, col: lc.character + 1 };
  };
  return extractDocAndMarkers(registry, 'package', blocks, undefined, posAt, diags);
}
