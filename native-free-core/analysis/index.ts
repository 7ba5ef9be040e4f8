export * from './catalog';
export { analyzeReport } from './analyze';
export { applyAnalysis } from './apply';
export { bucketId, groupingSignature, blamedFrame } from './bucket';
export { formatAnalyzeText, oneLineSummary, toAnalyzeJson } from './summary';
export { memoryWithKnownBytes } from './known-memory';
export { parsePoolHeader, findPoolBlockInMemory, findPoolBlockInTranscript, type PoolBlockInfo, type PoolHeader } from './pool';
export { hammingDistance, isCanonical, isKernelAddress, isUserAddress } from './addresses';
export type { AnalysisDeps, AnalysisResult, FaultClass, FaultDescription, FunctionRangeLookup } from './types';
