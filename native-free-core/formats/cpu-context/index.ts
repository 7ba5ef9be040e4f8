export * from './context-flags';
export * from './context-x86';
export * from './context-amd64';
export * from './context-arm64';
export * from './decode-context';
export * from './context-ex';
export * from './context-record';
