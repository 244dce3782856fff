/**
 * Template rendering for the client-side families. Templates live in `templates/<family>/<name>.hbs`
 * and stay logic-less: views computed in TypeScript, templates print them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { GENERATED_HEADER, type GeneratorOptions } from '../types.js';

const hbs = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();
let templatesRoot: string | undefined;

/** The package's `templates/` folder, found from this module (works from src/ and from dist/). */
function findTemplates(): string {
  if (templatesRoot) return templatesRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) {
      templatesRoot = join(dir, 'templates');
      return templatesRoot;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('kubegen: cannot find the templates/ folder next to package.json');
    dir = parent;
  }
}

export function renderTemplate(family: string, name: string, view: object): string {
  const key = `${family}/${name}`;
  let t = cache.get(key);
  if (!t) {
    const src = readFileSync(join(findTemplates(), family, `${name}.hbs`), 'utf8');
    t = hbs.compile(src, { noEscape: true, strict: true });
    cache.set(key, t);
  }
  return t(view).replace(/\n{3,}/g, '\n\n');
}

/** The first lines of every generated TypeScript file: boilerplate, then the generated header. */
export function fileHeader(options: Pick<GeneratorOptions, 'boilerplate'>): string {
  const b = options.boilerplate.trimEnd();
  return b === '' ? GENERATED_HEADER : `${b}\n${GENERATED_HEADER}`;
}
