/**
 * What the parser hands to the model builder (src/model/build.ts): plain data, no ts-morph objects.
 * Declarations are already model `TypeDecl`s; the builder fills in what needs the whole tree
 * (package options, deep-copy selection, field optionality defaults, root kinds and resources).
 */
import type { SourcePos } from '../diagnostics.js';
import type { Marker, TypeDecl } from '../model/types.js';

export interface RawPackage {
  /** Input-relative folder (`samplecrd/v1`, `common`). */
  id: string;
  files: string[];
  docFile?: string;
  /** Position used for package-level diagnostics: doc.ts 1:1, else the first file's 1:1. */
  pos: SourcePos;
  markers: Marker[];
  /** Written names of package marker lines the registry rejected (e.g. a malformed `+groupName`). */
  rejectedMarkers: string[];
  /** For `<group>/<version>` folders. */
  groupDir?: string;
  versionDir?: string;
  handWrittenRegister: boolean;
  /**
   * Declarations in source order of files then statements; `deepcopy` is false and each field's
   * `optional` equals `tsOptional` until the builder applies markers and package defaults.
   */
  types: TypeDecl[];
}

export interface RawTree {
  packages: RawPackage[];
}
