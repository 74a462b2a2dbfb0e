import { z } from 'zod'
import { text, ZId } from '../../http/schemas'

export const ZRegionLevel = z.enum(['province', 'city', 'district'])

export const ZRegion = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  code: z.string().nullable(),
  level: ZRegionLevel,
  path: z.string(),
  version: z.number().int(),
})
export type TRegion = z.infer<typeof ZRegion>

const ZRegionCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, { error: '行政区划代码为 6 位数字 (6-digit division code)' })

export const ZCreateRegionRequest = z.strictObject({
  parentId: ZId.nullable(),
  name: text(64),
  code: ZRegionCode.nullable().optional(),
  level: ZRegionLevel,
})
export type TCreateRegionRequest = z.infer<typeof ZCreateRegionRequest>

export const ZUpdateRegionRequest = z.strictObject({
  name: text(64).optional(),
  code: ZRegionCode.nullable().optional(),
  version: z.number().int().min(1),
})
export type TUpdateRegionRequest = z.infer<typeof ZUpdateRegionRequest>
