export * from './types';
export * from './breakpad-symbols';
export * from './export-symbols';
export * from './in-memory-provider';
export * from './lru-cache';
export * from './pdb-symbols';
export * from './undecorate';
export * from './image-exports';
