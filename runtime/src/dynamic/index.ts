export * from './dynamic.js';
