/**
 * Versions of the tools a new project depends on besides kubegen and its runtime: the ones kubegen
 * itself is built and tested with (test/scaffold checks they match kubegen's package.json).
 */
export const DEV_TOOL_VERSIONS = {
  typescript: '~6.0.3',
  vitest: '^4.1.12',
  typesNode: '^20.19.0',
  jsYaml: '^4.1.0',
  typesJsYaml: '^4.0.9',
} as const;
