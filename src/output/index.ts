export type { FamilyReport, FileAction, FileChange, OutputFile, Sink, SinkReport, WriteContext } from './types.js';
export { FsSink, type FsSinkOptions } from './fs-sink.js';
export { VerifySink, type VerifySinkOptions } from './verify-sink.js';
export { MemorySink } from './memory-sink.js';
export { hasGeneratedHeader } from './header.js';
export { unifiedDiff, diffLines, splitLines, type DiffOp, type UnifiedDiffOptions } from './diff.js';
export { planWrite, unsafePathReason, type PlannedFile, type WritePlan } from './plan.js';
