import { z } from 'zod';

const hex = z.string().regex(/^0x[0-9a-f]+$/i, 'a 0x hex value');

/** The report's EvidenceRef shapes plus a link to a finding by its id. */
export const evidenceRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('finding'), id: z.string().min(1) }),
  z.object({ kind: z.literal('register'), name: z.string().min(1), value: hex.optional() }),
  z.object({ kind: z.literal('address'), address: hex, label: z.string().optional() }),
  z.object({ kind: z.literal('frame'), index: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('module'), name: z.string().min(1) }),
  z.object({ kind: z.literal('instruction'), address: hex, text: z.string().optional() }),
  z.object({ kind: z.literal('memory'), address: hex, size: z.number().int().nonnegative(), label: z.string().optional() }),
  z.object({ kind: z.literal('transcript-line'), line: z.number().int().positive() }),
  z.object({ kind: z.literal('field'), structure: z.string().min(1), field: z.string().min(1), value: hex.optional() }),
]);

export const caseStatusSchema = z.enum(['new', 'investigating', 'resolved', 'error']);
export const hypothesisStatusSchema = z.enum(['open', 'supported', 'refuted']);
export const confidenceSchema = z.number().min(0).max(1);

const frameSchema = z.looseObject({
  index: z.number().int(),
  address: z.string(),
  module: z.string().optional(),
  function: z.string().optional(),
  offset: z.string().optional(),
  trust: z.string(),
});

const findingSchema = z.looseObject({
  id: z.string(),
  kind: z.string(),
  severity: z.string(),
  text: z.string(),
  evidence: z.array(z.unknown()),
});

/** Enough of a CrashReport to index it; the rest is kept as it is. */
export const reportSchema = z.looseObject({
  format: z.string(),
  dumpType: z.string(),
  system: z.looseObject({ osBuild: z.number().optional(), arch: z.string().optional() }),
  bugcheck: z.looseObject({ code: z.string(), name: z.string().optional(), args: z.array(z.string()) }).optional(),
  exception: z.looseObject({ code: z.string(), name: z.string().optional(), address: z.string() }).optional(),
  crashTime: z.string().optional(),
  stack: z.array(frameSchema),
  modules: z.array(z.looseObject({ name: z.string() })),
  findings: z.array(findingSchema),
  bucket: z.string().optional(),
  threads: z.array(z.unknown()),
  memory: z.array(z.unknown()),
  warnings: z.array(z.string()),
  provenance: z.record(z.string(), z.unknown()),
});

export const EXPORT_FORMAT = 'crashbench-case';
export const EXPORT_VERSION = 1;

export const exportedCaseSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.string(),
  case: z.object({
    title: z.string().min(1),
    status: caseStatusSchema,
    tags: z.array(z.string()),
    fileName: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    error: z.string().optional(),
  }),
  file: z
    .object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative(), originalName: z.string(), format: z.string() })
    .optional(),
  report: reportSchema.optional(),
  hypotheses: z.array(
    z.object({
      text: z.string(),
      status: hypothesisStatusSchema,
      confidence: confidenceSchema.optional(),
      createdAt: z.string(),
      updatedAt: z.string(),
      evidence: z.array(z.object({ ref: evidenceRefSchema, note: z.string().optional(), createdAt: z.string() })),
    }),
  ),
  notes: z.array(z.object({ text: z.string(), createdAt: z.string(), updatedAt: z.string() })),
  history: z.array(z.object({ at: z.string(), action: z.string(), detail: z.string().optional() })),
});

export type ExportedCase = z.infer<typeof exportedCaseSchema>;
