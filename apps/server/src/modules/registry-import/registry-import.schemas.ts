import { z } from 'zod'
import { ZId, ZPageQuery } from '../../http/schemas'

export const ZImportKind = z.enum(['organisations', 'assets'])
export type TImportKind = z.infer<typeof ZImportKind>

export const ZImportProblem = z.object({
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
  code: z.string(),
})

export const ZImportProgress = z.object({
  phase: z.enum(['reading', 'checking', 'writing', 'finished']),
  /** 0–100 over the whole import (reading the file is most of it). */
  percent: z.number().int(),
  rowsRead: z.number().int(),
  totalRows: z.number().int().nullable(),
})
export type TImportProgress = z.infer<typeof ZImportProgress>

export const ZImportJob = z.object({
  id: z.uuid(),
  kind: ZImportKind,
  /** running → done (everything written) | rejected (problems: nothing written) | failed (internal error). */
  status: z.enum(['running', 'rejected', 'failed', 'done']),
  fileName: z.string(),
  format: z.string().nullable(),
  encoding: z.string().nullable(),
  fileBytes: z.number().int(),
  totalRows: z.number().int().nullable(),
  insertedRows: z.number().int(),
  errorCount: z.number().int(),
  /** The first 1,000 problems, each with the Excel row number and the column header. */
  errors: z.array(ZImportProblem),
  message: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: ZImportProgress.nullable(),
})
export type TImportJob = z.infer<typeof ZImportJob>

export const ZImportKindParams = z.strictObject({ kind: ZImportKind })
export const ZTemplateQuery = z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx') })
export const ZListImportsQuery = z.strictObject({ ...ZPageQuery, kind: ZImportKind.optional() })
export const ZImportQuery = z.strictObject({
  /** Organisation imports: the region of rows that name none (default: the importer's region). */
  regionId: ZId.optional(),
})
