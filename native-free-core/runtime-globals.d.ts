// The few runtime globals the core uses that every JS engine we target
// (Node, Electron, browsers) provides, declared here because the core
// compiles without DOM or Node typings on purpose.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const performance: { now(): number };
