export * from './msf';
export * from './info-stream';
export * from './dbi-stream';
export * from './symbol-records';
export * from './tpi-stream';
export * from './type-layout';
export * from './pdb-file';
export * from './c13-lines';
