export * from './frame';
export * from './walk';
export * from './format';
export * from './function-range';
export * from './module-map';
export { RangeAddressSpace } from './range-memory';
export * from './stackwalk-output';
