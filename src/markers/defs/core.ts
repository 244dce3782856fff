/**
 * Core markers (package options in doc.ts, field optionality, nullability) and deep-copy markers.
 *
 * How each value appears in `Marker.value` (consumers: parser/model builder, deepcopy, crd):
 *
 *   +groupName=samplecrd.k8s.io        string ('' for `+groupName=`: the legacy core group)
 *   +groupGoName=Samplecrd             string
 *   +versionName=v1                    string
 *   +k8s:client-gen=false              boolean (also lister-gen, informer-gen, applyconfiguration-gen)
 *   +kubebuilder:skip                  true
 *   +kubebuilder:validation:Optional   true  (package/struct: its fields optional by default; field: optional)
 *   +kubebuilder:validation:Required   true  (package/struct: its fields required by default; field: required)
 *   +optional / +required / +k8s:optional / +k8s:required / +nullable   true
 *   +k8s:deepcopy-gen=package          string: 'package' | 'true' | 'false' ('package' only on a package)
 *   +k8s:deepcopy-gen:interfaces=…     string (accepted, no effect)
 *   +kubebuilder:object:generate=true  boolean
 *   +kubebuilder:object:root=true      boolean (bare `+kubebuilder:object:root` = true)
 *
 * A flag marker written `+name=false` has the value `false`: use `hasMarker` (query.ts), which is true
 * only for a `true` value.
 */
import type { MarkerDefinition } from '../types.js';
import { isDns1123Subdomain } from '../../model/naming.js';

const falseOnly = (what: string) => (v: unknown): string | undefined =>
  v === false ? undefined : `only +${what}=false is meaningful (generation is on by default): write +${what}=false or remove the marker`;

export const CORE_MARKERS: readonly MarkerDefinition[] = [
  {
    name: 'groupName',
    targets: ['package'],
    arg: { kind: 'string' },
    doc: 'API group of the package; empty (`+groupName=`) is the legacy core group served under /api.',
    owner: 'core',
    example: '+groupName=samplecrd.k8s.io',
    validate: (v) =>
      typeof v === 'string' && v !== '' && !isDns1123Subdomain(v)
        ? `${JSON.stringify(v)} is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.'), e.g. samplecrd.example.com`
        : undefined,
  },
  {
    name: 'groupGoName',
    targets: ['package'],
    arg: { kind: 'string' },
    doc: 'Identifier used for the group in accessors (`clientset.<name>V1()`), instead of the first DNS label.',
    owner: 'core',
    example: '+groupGoName=OpsTools',
    validate: (v) =>
      typeof v === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(v)
        ? undefined
        : `${JSON.stringify(v)} is not an identifier: use letters and digits, starting with a letter, e.g. OpsTools`,
  },
  {
    name: 'versionName',
    targets: ['package'],
    arg: { kind: 'string' },
    doc: 'Overrides the API version name (default: the package folder name).',
    owner: 'core',
    example: '+versionName=v1beta1',
    validate: (v) =>
      typeof v === 'string' && /^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$/.test(v)
        ? undefined
        : `${JSON.stringify(v)} is not a Kubernetes version name: use v1, v2beta1, v1alpha2 …`,
  },
  {
    name: 'k8s:client-gen',
    targets: ['package'],
    arg: { kind: 'bool' },
    doc: 'With =false, no typed clientset code is generated for the package.',
    owner: 'core',
    example: '+k8s:client-gen=false',
    validate: falseOnly('k8s:client-gen'),
  },
  {
    name: 'k8s:lister-gen',
    targets: ['package'],
    arg: { kind: 'bool' },
    doc: 'With =false, no listers are generated for the package.',
    owner: 'core',
    example: '+k8s:lister-gen=false',
    validate: falseOnly('k8s:lister-gen'),
  },
  {
    name: 'k8s:informer-gen',
    targets: ['package'],
    arg: { kind: 'bool' },
    doc: 'With =false, no informers are generated for the package.',
    owner: 'core',
    example: '+k8s:informer-gen=false',
    validate: falseOnly('k8s:informer-gen'),
  },
  {
    name: 'k8s:applyconfiguration-gen',
    targets: ['package'],
    arg: { kind: 'bool' },
    doc: 'With =false, no apply configurations are generated for the package.',
    owner: 'core',
    example: '+k8s:applyconfiguration-gen=false',
    validate: falseOnly('k8s:applyconfiguration-gen'),
  },
  {
    name: 'kubebuilder:skip',
    targets: ['package'],
    arg: { kind: 'flag' },
    doc: 'No CRDs are generated from this package.',
    owner: 'core',
  },
  {
    name: 'kubebuilder:validation:Optional',
    targets: ['package', 'type', 'field'],
    arg: { kind: 'flag' },
    doc: 'On a package or struct: its fields are optional unless marked required; on a field: the field is optional.',
    owner: 'core',
  },
  {
    name: 'kubebuilder:validation:Required',
    targets: ['package', 'type', 'field'],
    arg: { kind: 'flag' },
    doc: 'On a package or struct: its fields are required unless marked optional (the default); on a field: required.',
    owner: 'core',
  },
  {
    name: 'optional',
    targets: ['field'],
    arg: { kind: 'flag' },
    doc: 'The field may be absent (same as `?`); it is left out of the schema `required` list.',
    owner: 'core',
  },
  {
    name: 'required',
    targets: ['field'],
    arg: { kind: 'flag' },
    doc: 'The field must be present, even if declared with `?`.',
    owner: 'core',
  },
  {
    name: 'k8s:optional',
    targets: ['field'],
    arg: { kind: 'flag' },
    doc: 'Same as +optional (the Kubernetes declarative-validation spelling).',
    owner: 'core',
  },
  {
    name: 'k8s:required',
    targets: ['field'],
    arg: { kind: 'flag' },
    doc: 'Same as +required (the Kubernetes declarative-validation spelling).',
    owner: 'core',
  },
  {
    name: 'nullable',
    targets: ['field'],
    arg: { kind: 'flag' },
    doc: 'The field accepts null (schema `nullable: true`), as `T | null` does.',
    owner: 'core',
  },
];

export const DEEPCOPY_MARKERS: readonly MarkerDefinition[] = [
  {
    name: 'k8s:deepcopy-gen',
    targets: ['package', 'type'],
    arg: { kind: 'enum', values: ['package', 'true', 'false'] },
    doc: 'Package: `=package` deep-copies every type; type: `=true`/`=false` opts the type in or out.',
    owner: 'deepcopy',
    example: '+k8s:deepcopy-gen=package',
    validate: (v, target) => {
      if (target === 'package' && v === 'true') return 'on a package write +k8s:deepcopy-gen=package (or =false)';
      if (target === 'type' && v === 'package') return 'on a type write +k8s:deepcopy-gen=true or =false; =package belongs in doc.ts';
      return undefined;
    },
  },
  {
    name: 'k8s:deepcopy-gen:interfaces',
    targets: ['type'],
    arg: { kind: 'string' },
    doc: 'Go deep-copy interface methods (runtime.Object).',
    owner: 'deepcopy',
    ignoredReason: 'TypeScript deep-copy functions need no interface methods; the scheme registers kinds by GVK.',
  },
  {
    name: 'k8s:deepcopy-gen:nonpointer-interfaces',
    targets: ['type'],
    arg: { kind: 'bool' },
    doc: 'Go deep-copy of non-pointer interfaces.',
    owner: 'deepcopy',
    ignoredReason: 'TypeScript has no pointer/non-pointer distinction.',
  },
  {
    name: 'kubebuilder:object:generate',
    targets: ['package', 'type'],
    arg: { kind: 'flag' },
    doc: 'controller-gen spelling of deep-copy selection: =true generates, =false skips (package or type).',
    owner: 'deepcopy',
    example: '+kubebuilder:object:generate=true',
  },
  {
    name: 'kubebuilder:object:root',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'Marks a root object (a kind or its list) even when the shape alone does not show it.',
    owner: 'deepcopy',
    example: '+kubebuilder:object:root=true',
  },
];
