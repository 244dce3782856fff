/** Synthetic input trees for performance tests: groups × versions × kinds, ~25 fields each, nested types. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeSyntheticTree(root: string, groups: number, versions: number, kinds: number): number {
  let total = 0;
  for (let g = 0; g < groups; g++) {
    for (let v = 1; v <= versions; v++) {
      const dir = join(root, `group${g}`, `v${v}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'doc.ts'),
        `// +k8s:deepcopy-gen=package\n// +groupName=group${g}.example.com\n${v === versions ? '' : ''}export {};\n`,
      );
      const parts: string[] = [
        `import type { Condition, IntOrString, ListMeta, ObjectMeta, Quantity, Time, TypeMeta, int32, int64 } from '@kubegen/runtime';\n`,
      ];
      for (let k = 0; k < kinds; k++) {
        const K = `Kind${k}`;
        total++;
        parts.push(`/**
 * ${K} is a synthetic kind.
 *
 * +genclient
 * +kubebuilder:subresource:status
 * +kubebuilder:resource:shortName=k${k}g${g};kk${k}${v === 1 ? '\n * +kubebuilder:storageversion' : ''}
 * +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=\`.status.phase\`
 */
export interface ${K} extends TypeMeta {
  metadata?: ObjectMeta;
  spec: ${K}Spec;
  status?: ${K}Status;
}

/** ${K}Spec is the desired state. */
export interface ${K}Spec {
${Array.from({ length: 20 }, (_, i) => `  /**\n   * Field ${i} of the spec.\n   * +kubebuilder:validation:Minimum=0\n   * +optional\n   */\n  f${i}?: ${['int32', 'string', 'int64', 'boolean', 'Quantity'][i % 5]};`).join('\n')}
  /** Nested items. +kubebuilder:validation:MaxItems=10 */
  items?: ${K}Item[];
  labels?: Record<string, string>;
  mode: 'Fast' | 'Slow';
  port?: IntOrString;
  inline?: { a: string; b?: int32 | null };
}

export interface ${K}Item {
  name: string;
  value?: int64;
  when?: Time;
}

export interface ${K}Status {
  phase?: string;
  conditions?: Condition[];
  observedGeneration?: int64;
}

export interface ${K}List extends TypeMeta {
  metadata?: ListMeta;
  items: ${K}[];
}
`);
      }
      writeFileSync(join(dir, 'types.ts'), parts.join('\n'));
    }
  }
  return total;
}
