/**
 * Type-checks files as a user's project compiles them: strict, exactOptionalPropertyTypes,
 * noUncheckedIndexedAccess, NodeNext modules, `@kubegen/runtime` resolved through node_modules (the
 * workspace link) with the `development` condition, i.e. to runtime/src. Returns formatted errors.
 */
import ts from 'typescript';

export const STRICT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  verbatimModuleSyntax: true,
  customConditions: ['development'],
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
};

/** Errors of a program made of `paths` (absolute), formatted `file(line,col): error TSnnnn: message`. */
export function typecheckFiles(paths: readonly string[], options: ts.CompilerOptions = STRICT_OPTIONS): string[] {
  const program = ts.createProgram({ rootNames: [...paths], options });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file && d.start !== undefined) {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${d.file.fileName}(${line + 1},${character + 1}): error TS${d.code}: ${message}`;
    }
    return `error TS${d.code}: ${message}`;
  });
}
