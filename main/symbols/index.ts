export * from './symbol-path';
export * from './pdb-loader';
