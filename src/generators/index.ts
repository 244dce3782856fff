/**
 * Every generator, in the order `kubegen generate` runs them and lists them in its help. Adding a
 * generator = a folder under src/generators/ + its templates + one line here.
 */
import type { Generator } from './types.js';
import { deepcopyGenerator } from './deepcopy/index.js';
import { registerGenerator } from './register/index.js';
import { crdGenerator } from './crd/index.js';
import { applyConfigurationsGenerator } from './applyconfigurations/index.js';
import { clientsetGenerator } from './clientset/index.js';
import { fakeGenerator } from './fake/index.js';
import { listersGenerator } from './listers/index.js';
import { informersGenerator } from './informers/index.js';

export const GENERATORS: readonly Generator[] = [
  deepcopyGenerator,
  registerGenerator,
  crdGenerator,
  applyConfigurationsGenerator,
  clientsetGenerator,
  fakeGenerator,
  listersGenerator,
  informersGenerator,
];
