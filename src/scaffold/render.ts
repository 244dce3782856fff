/** Renders the scaffold's handlebars templates (templates/scaffold/<init|api>/<name>.hbs). */
import { renderTemplate } from '../generators/common/render.js';

export function render(name: string, view: object): string {
  const out = renderTemplate('scaffold', name, view);
  return out.endsWith('\n') ? out : `${out}\n`;
}
