/**
 * Every CLI command, in help order. Adding a command = one file in this folder exporting a
 * `CommandModule`, plus one line here.
 */
import { generateCommand, verifyCommand } from './generate.js';
import { importCommand } from './import.js';
import { initCommand } from './init.js';
import { createCommand } from './create.js';
import { markersCommand } from './markers.js';
import { modelCommand } from './model.js';
import { watchCommand } from './watch.js';
import { rbacCommand } from './rbac.js';
import type { CommandModule } from './types.js';

export type { CommandModule } from './types.js';

export const COMMANDS: readonly CommandModule[] = [
  generateCommand,
  watchCommand, // adds --watch to generate
  verifyCommand,
  modelCommand,
  markersCommand,
  rbacCommand,
  importCommand,
  initCommand,
  createCommand,
];
