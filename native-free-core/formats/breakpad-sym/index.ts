export * from './sym-file';
export * from './parse-sym';
export * from './sym-lookup';
