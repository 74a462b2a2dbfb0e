// Evidence per checklist item, as the API shows and takes it: shared by the annual inspection (seed 004) and the city
// evaluation (seed 002). An entry names what was seen (a label and a reference such as 截图编号3) and may carry a
// stored file uploaded through the owning object, which is the only way to read it back.
import { z } from 'zod'
import { text, ZId } from '../../http/schemas'

export const ZEvidence = z.object({
  label: z.string(),
  reference: z.string().nullable(),
  /** a stored file (files module), downloaded through the object it is attached to */
  fileId: z.uuid().nullable(),
  fileName: z.string().nullable(),
})
export type TEvidenceView = z.infer<typeof ZEvidence>

export const ZEvidenceInput = z.strictObject({
  label: text(200),
  reference: text(500).nullable().default(null),
  fileId: ZId.nullable().default(null),
})
export type TEvidenceInput = z.infer<typeof ZEvidenceInput>

/** item code → the evidence seen for it (replaces the list; null or an empty list removes it) */
export function evidenceUpdate(itemCode: z.ZodString) {
  return z.record(itemCode, z.array(ZEvidenceInput).max(50).nullable())
}

/** An evidence file of an object: `/…/:id/evidence/:fileId` */
export const ZEvidenceFileParams = z.strictObject({ id: ZId, fileId: ZId })
