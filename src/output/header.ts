import { GENERATED_HEADER, GENERATED_HEADER_YAML } from '../generators/types.js';

/**
 * Whether a file is kubegen's to overwrite or remove: among its leading comment and blank lines
 * (a license boilerplate may precede the header) there is the generated header line, before any code.
 */
export function hasGeneratedHeader(content: string): boolean {
  let inBlock = false;
  let start = content.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= content.length) {
    let end = content.indexOf('\n', start);
    if (end < 0) end = content.length;
    const line = content.slice(start, end).trim();
    start = end + 1;
    if (inBlock) {
      if (line.includes('*/')) {
        inBlock = false;
        if (line.slice(line.indexOf('*/') + 2).trim() !== '') return false;
      }
      continue;
    }
    if (line === GENERATED_HEADER || line === GENERATED_HEADER_YAML) return true;
    if (line === '' || line.startsWith('//') || line.startsWith('#')) {
      if (end >= content.length) return false;
      continue;
    }
    if (line.startsWith('/*')) {
      const close = line.indexOf('*/', 2);
      if (close < 0) inBlock = true;
      else if (line.slice(close + 2).trim() !== '') return false;
      continue;
    }
    return false;
  }
  return false;
}
