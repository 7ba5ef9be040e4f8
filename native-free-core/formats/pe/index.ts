export * from './image-reader';
export * from './headers';
export * from './exports';
export * from './codeview';
export * from './pdata';
export * from './unwind-info';
export * from './pe-image';
