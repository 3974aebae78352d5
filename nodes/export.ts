import { z } from 'zod';
import { defineNode } from './types';

export const zExportParams = z.strictObject({
  name: z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'use letters, digits, spaces, _, . or -').default('graft-model'),
  quantize: z.enum(['none', 'float16', 'uint8']).default('none'),
  saveToLibrary: z.boolean().default(true),
});
export type ExportParams = z.infer<typeof zExportParams>;

export const exportNode = defineNode({
  type: 'export',
  version: 1,
  label: 'Export',
  category: 'output',
  description: 'Saves the merged base + head as a tfjs model (model.json + weights), optionally quantized.',
  inputs: [{ id: 'model', type: 'model', label: 'model' }],
  outputs: [],
  params: zExportParams,
  migrations: [],
});
