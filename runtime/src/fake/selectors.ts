/**
 * Selector matching for the object tracker, delegating to the runtime's label and field selector
 * packages so the fake, the test API server and listers agree on the grammar.
 */
import { parseFieldSelector } from '../fields/index.js';
import { parseSelector } from '../labels/index.js';
import { ApiError } from '../rest/errors.js';

const labelCache = new Map<string, ReturnType<typeof parseSelector>>();
const fieldCache = new Map<string, ReturnType<typeof parseFieldSelector>>();

function badSelector(kind: string, selector: string, err: unknown): ApiError {
  const why = err instanceof Error ? err.message : String(err);
  return new ApiError({ code: 400, reason: 'BadRequest', message: `unable to parse requirement: ${kind} selector ${JSON.stringify(selector)}: ${why}` });
}

export function matchesLabelSelector(selector: string, labels: Readonly<Record<string, string>>): boolean {
  let s = labelCache.get(selector);
  if (!s) {
    try {
      s = parseSelector(selector);
    } catch (err) {
      throw badSelector('label', selector, err);
    }
    labelCache.set(selector, s);
  }
  return s.matches(labels);
}

export function matchesFieldSelector(selector: string, obj: unknown): boolean {
  let s = fieldCache.get(selector);
  if (!s) {
    try {
      s = parseFieldSelector(selector);
    } catch (err) {
      throw badSelector('field', selector, err);
    }
    fieldCache.set(selector, s);
  }
  return s.matchesObject(obj);
}
