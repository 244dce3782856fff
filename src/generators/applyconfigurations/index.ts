/**
 * applyconfigurations: typed server-side apply configurations (applyconfiguration-gen's output, in
 * TypeScript). For every struct reachable from a kind with the apply verbs: an interface with every field
 * optional (what an apply request body may hold), a builder class with one fluent `with…` method per
 * field, a constructor function, and for kinds `extract<Kind>` / `extract<Kind>Status` over
 * `metadata.managedFields`. Files: `applyconfigurations/<package>/<type lower>.ts`, one per type, and an
 * `index.ts` per package that re-exports them. The clientset's `apply`/`applyStatus` take these types.
 */
import type { ApiModel } from '../../model/types.js';
import { fileHeader, renderTemplate } from '../common/render.js';
import type { GeneratedFile, Generator, GeneratorOptions, GeneratorResult } from '../types.js';
import { AC_DIR, applyConfigurationPlan } from './plan.js';
import { indexView, typeFileView } from './view.js';

export { AC_DIR, applyConfigurationOf, applyConfigurationPlan } from './plan.js';

export function generateApplyConfigurations(model: ApiModel, options: GeneratorOptions): GeneratorResult {
  const plan = applyConfigurationPlan(model);
  const diagnostics = [...plan.diagnostics];
  const files: GeneratedFile[] = [];
  const header = fileHeader(options);
  for (const p of plan.packages) {
    for (const t of p.types) {
      files.push({ root: 'output', path: `${t.module}.ts`, content: renderTemplate('applyconfigurations', 'type', typeFileView(model, plan, t, header, options, diagnostics)) });
    }
    files.push({ root: 'output', path: `${p.dir}/index.ts`, content: renderTemplate('applyconfigurations', 'index', indexView(p, header, options)) });
  }
  return { files, diagnostics };
}

export const applyConfigurationsGenerator: Generator = {
  name: 'applyconfigurations',
  description: 'apply configurations: typed server-side apply bodies with fluent builders and extract<Kind> from managed fields',
  markers: [],
  defaultEnabled: true,
  owns: (root, path) => root === 'output' && path.startsWith(`${AC_DIR}/`) && path.endsWith('.ts'),
  generate: generateApplyConfigurations,
};
