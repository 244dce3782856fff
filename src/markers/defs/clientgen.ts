/**
 * client-gen markers (code-generator's `+genclient` family) and `+resourceName`. They also drive listers
 * and informers, which are generated for every `+genclient` kind.
 *
 * How each value appears in `Marker.value`:
 *
 *   +genclient, +genclient:nonNamespaced, +genclient:noVerbs, +genclient:noStatus, +genclient:readonly
 *                                                    boolean (true when bare)
 *   +genclient:onlyVerbs=create,get                  string[] of client-gen verb names (see VERB_NAMES)
 *   +genclient:skipVerbs=update;patch                string[] of verb names
 *   +genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale
 *                                                    { name: string, verb: string, subresource?: string,
 *                                                      input?: string, result?: string } (repeatable)
 *   +resourceName=sample-crds                        string (the REST resource name / plural)
 *
 * Verb lists accept client-gen's comma form (`=create,get`) as well as `a;b` and `{a,b}`.
 */
import type { MarkerDefinition } from '../types.js';
import { ALL_VERBS } from '../../model/types.js';

/** client-gen's verb names as written in markers. */
export const VERB_NAMES: readonly string[] = ALL_VERBS;

const verbList = { kind: 'list', of: { kind: 'enum', values: VERB_NAMES } } as const;

export const CLIENTGEN_MARKERS: readonly MarkerDefinition[] = [
  {
    name: 'genclient',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'Generates a typed client, lister and informer for this kind.',
    owner: 'clientgen',
  },
  {
    name: 'genclient:nonNamespaced',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'The kind is cluster-scoped: the client takes no namespace.',
    owner: 'clientgen',
  },
  {
    name: 'genclient:noVerbs',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'The client has no verbs (only extension methods from +genclient:method).',
    owner: 'clientgen',
  },
  {
    name: 'genclient:noStatus',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'No updateStatus/applyStatus verbs, even when the kind has a status field.',
    owner: 'clientgen',
  },
  {
    name: 'genclient:readonly',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'Only the read verbs: get, list, watch.',
    owner: 'clientgen',
  },
  {
    name: 'genclient:onlyVerbs',
    targets: ['type'],
    arg: verbList,
    doc: 'Only these verbs are generated.',
    owner: 'clientgen',
    example: '+genclient:onlyVerbs=create,get',
    validate: nonEmptyUnique('genclient:onlyVerbs'),
  },
  {
    name: 'genclient:skipVerbs',
    targets: ['type'],
    arg: verbList,
    doc: 'These verbs are left out of the client.',
    owner: 'clientgen',
    example: '+genclient:skipVerbs=update,patch',
    validate: nonEmptyUnique('genclient:skipVerbs'),
  },
  {
    name: 'genclient:method',
    targets: ['type'],
    arg: {
      kind: 'struct',
      positional: 'name',
      fields: {
        name: { type: { kind: 'string' }, doc: 'Method name, Go style (GetScale); generated lower-camel (getScale).' },
        verb: { type: { kind: 'enum', values: VERB_NAMES }, doc: 'The verb whose request shape the method uses.' },
        subresource: { type: { kind: 'string' }, optional: true, doc: 'Subresource the request goes to (e.g. scale).' },
        input: { type: { kind: 'string' }, optional: true, doc: 'Request body type (default: the kind).' },
        result: { type: { kind: 'string' }, optional: true, doc: 'Result type (default: the kind).' },
      },
    },
    doc: 'Adds an extension method to the typed client.',
    owner: 'clientgen',
    repeatable: true,
    example: '+genclient:method=GetScale,verb=get,subresource=scale,result=Scale',
    validate: (v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
      const name = v['name'];
      if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
        return `method name ${JSON.stringify(name)} is not an identifier: use letters and digits, e.g. GetScale`;
      }
      const sub = v['subresource'];
      if (typeof sub === 'string' && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(sub)) {
        return `subresource ${JSON.stringify(sub)} is not a lower-case path segment, e.g. scale`;
      }
      return undefined;
    },
  },
  {
    name: 'resourceName',
    targets: ['type'],
    arg: { kind: 'string' },
    doc: 'Overrides the REST resource name (plural) used by the client and the CRD.',
    owner: 'clientgen',
    example: '+resourceName=sample-crds',
    validate: (v) =>
      typeof v === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v)
        ? undefined
        : `${JSON.stringify(v)} is not a lower-case resource name (DNS label), e.g. networks`,
  },
];

function nonEmptyUnique(name: string) {
  return (v: unknown): string | undefined => {
    if (!Array.isArray(v)) return undefined;
    if (v.length === 0) return `list at least one verb, e.g. +${name}=get,list`;
    const seen = new Set<unknown>();
    for (const x of v) {
      if (seen.has(x)) return `verb ${String(x)} is listed twice: list it once`;
      seen.add(x);
    }
    return undefined;
  };
}
