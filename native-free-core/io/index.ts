export * from './byte-source';
export * from './parse-error';
export * from './struct-reader';
export * from './concat-bytes';
