// GB/T 22240-2020 grading (定级): the security level follows from the object harmed (受侵害的客体) and the degree of
// harm (对客体的侵害程度), found separately for business information (业务信息安全) and system service (系统服务安全).

export const harmedObjects = ['citizen', 'society', 'nation'] as const
export type THarmedObject = (typeof harmedObjects)[number]

export const harmDegrees = ['general', 'serious', 'especially_serious'] as const
export type THarmDegree = (typeof harmDegrees)[number]

export type TSecurityLevel = 1 | 2 | 3 | 4 | 5

export type THarm = { object: THarmedObject; degree: THarmDegree }

/** 定级要素与安全保护等级的关系 (GB/T 22240-2020 表1/表2, SPEC §7). */
export const gradingMatrix: Readonly<Record<THarmedObject, Readonly<Record<THarmDegree, TSecurityLevel>>>> = {
  citizen: { general: 1, serious: 2, especially_serious: 2 },
  society: { general: 2, serious: 3, especially_serious: 4 },
  nation: { general: 3, serious: 4, especially_serious: 5 },
}

export function levelOf(harm: THarm): TSecurityLevel {
  return gradingMatrix[harm.object][harm.degree]
}

export type TGradingInput = { business: THarm; service: THarm }
export type TGradingResult = { business: TSecurityLevel; service: TSecurityLevel; level: TSecurityLevel }

/** The system's level is the higher of the business-information and system-service levels. */
export function gradeSystem(input: TGradingInput): TGradingResult {
  const business = levelOf(input.business)
  const service = levelOf(input.service)
  return { business, service, level: business >= service ? business : service }
}

export function isHarmedObject(value: string): value is THarmedObject {
  return (harmedObjects as readonly string[]).includes(value)
}

export function isHarmDegree(value: string): value is THarmDegree {
  return (harmDegrees as readonly string[]).includes(value)
}

/**
 * Reads the `<object>:<degree>` notation of the CLI and the API (e.g. `society:serious`).
 * Returns an error message naming the bad part instead of throwing, so callers can say which argument was wrong.
 */
export function parseHarm(text: string): { ok: true; harm: THarm } | { ok: false; error: string } {
  const parts = text.split(':')
  if (parts.length !== 2) {
    return { ok: false, error: `expected <object>:<degree>, got "${text}"` }
  }
  const [object = '', degree = ''] = parts
  if (!isHarmedObject(object)) {
    return { ok: false, error: `unknown object "${object}" (expected one of ${harmedObjects.join(', ')})` }
  }
  if (!isHarmDegree(degree)) {
    return { ok: false, error: `unknown degree "${degree}" (expected one of ${harmDegrees.join(', ')})` }
  }
  return { ok: true, harm: { object, degree } }
}
