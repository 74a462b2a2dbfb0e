import { describe, expect, it } from 'vitest'
import { cleanCvssVector, findCvssVector } from './cvss-vector'

describe('cleanCvssVector (clean_vector of the Python cvss library)', () => {
  it('keeps a canonical vector as it is', () => {
    const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
    expect(cleanCvssVector(vector)).toBe(vector)
  })

  it('prefixes a bare vector with 3.0, reorders metrics and drops X values', () => {
    expect(cleanCvssVector('S:U/AV:L/AC:L/PR:L/UI:N/C:H/I:H/A:H/E:X/RL:O')).toBe(
      'CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H/RL:O',
    )
  })

  it('refuses incomplete, unknown, duplicated and v2 vectors', () => {
    expect(cleanCvssVector('CVSS:3.1/AV:N/AC:L')).toBeNull()
    expect(cleanCvssVector('CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBeNull()
    expect(cleanCvssVector('CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBeNull()
    expect(cleanCvssVector('AV:N/AC:M/Au:N/C:C/I:C/A:C')).toBeNull()
    expect(cleanCvssVector('CVSS:2.0/AV:N')).toBeNull()
  })

  it('passes a well-formed CVSS 4.0 vector through', () => {
    const vector = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'
    expect(cleanCvssVector(vector)).toBe(vector)
  })

  it('finds a vector inside text', () => {
    expect(findCvssVector('score 5.3 (CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N) here')).toBe(
      'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
    )
    expect(findCvssVector('AV:N/AC:L/Au:N/C:N/I:N/A:P')).toBeNull()
  })
})
