export * from './io';
export * from './model';
export * from './formats';
export * from './disasm';
