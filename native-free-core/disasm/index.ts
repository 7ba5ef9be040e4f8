export * from './disassembler';
