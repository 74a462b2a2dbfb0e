// The metric tables of the CVSS specifications (FIRST: v3.0 and v3.1 §6 table 15, v4.0 §7 table 23), in the
// specification's order. The library does the arithmetic; these tables exist so that a bad vector is refused
// with the name of the bad metric instead of being scored as if the metric were "Not Defined".

export type CvssVersion = '3.0' | '3.1' | '4.0'

export type CvssMetricDefinition = {
  /** Abbreviation used in the vector string, e.g. `AV`. */
  readonly key: string
  readonly name: string
  readonly values: readonly string[]
  /** Base metrics must be present; the others default to Not Defined (`X`). */
  readonly mandatory: boolean
}

function metric(key: string, name: string, values: string, mandatory = false): CvssMetricDefinition {
  return { key, name, values: values.split(','), mandatory }
}

const cvss3Metrics: readonly CvssMetricDefinition[] = [
  metric('AV', 'Attack Vector', 'N,A,L,P', true),
  metric('AC', 'Attack Complexity', 'L,H', true),
  metric('PR', 'Privileges Required', 'N,L,H', true),
  metric('UI', 'User Interaction', 'N,R', true),
  metric('S', 'Scope', 'U,C', true),
  metric('C', 'Confidentiality Impact', 'H,L,N', true),
  metric('I', 'Integrity Impact', 'H,L,N', true),
  metric('A', 'Availability Impact', 'H,L,N', true),
  metric('E', 'Exploit Code Maturity', 'X,H,F,P,U'),
  metric('RL', 'Remediation Level', 'X,U,W,T,O'),
  metric('RC', 'Report Confidence', 'X,C,R,U'),
  metric('CR', 'Confidentiality Requirement', 'X,H,M,L'),
  metric('IR', 'Integrity Requirement', 'X,H,M,L'),
  metric('AR', 'Availability Requirement', 'X,H,M,L'),
  metric('MAV', 'Modified Attack Vector', 'X,N,A,L,P'),
  metric('MAC', 'Modified Attack Complexity', 'X,L,H'),
  metric('MPR', 'Modified Privileges Required', 'X,N,L,H'),
  metric('MUI', 'Modified User Interaction', 'X,N,R'),
  metric('MS', 'Modified Scope', 'X,U,C'),
  metric('MC', 'Modified Confidentiality', 'X,H,L,N'),
  metric('MI', 'Modified Integrity', 'X,H,L,N'),
  metric('MA', 'Modified Availability', 'X,H,L,N'),
]

const cvss4Metrics: readonly CvssMetricDefinition[] = [
  metric('AV', 'Attack Vector', 'N,A,L,P', true),
  metric('AC', 'Attack Complexity', 'L,H', true),
  metric('AT', 'Attack Requirements', 'N,P', true),
  metric('PR', 'Privileges Required', 'N,L,H', true),
  metric('UI', 'User Interaction', 'N,P,A', true),
  metric('VC', 'Vulnerable System Confidentiality', 'H,L,N', true),
  metric('VI', 'Vulnerable System Integrity', 'H,L,N', true),
  metric('VA', 'Vulnerable System Availability', 'H,L,N', true),
  metric('SC', 'Subsequent System Confidentiality', 'H,L,N', true),
  metric('SI', 'Subsequent System Integrity', 'H,L,N', true),
  metric('SA', 'Subsequent System Availability', 'H,L,N', true),
  metric('E', 'Exploit Maturity', 'X,A,P,U'),
  metric('CR', 'Confidentiality Requirement', 'X,H,M,L'),
  metric('IR', 'Integrity Requirement', 'X,H,M,L'),
  metric('AR', 'Availability Requirement', 'X,H,M,L'),
  metric('MAV', 'Modified Attack Vector', 'X,N,A,L,P'),
  metric('MAC', 'Modified Attack Complexity', 'X,L,H'),
  metric('MAT', 'Modified Attack Requirements', 'X,N,P'),
  metric('MPR', 'Modified Privileges Required', 'X,N,L,H'),
  metric('MUI', 'Modified User Interaction', 'X,N,P,A'),
  metric('MVC', 'Modified Vulnerable System Confidentiality', 'X,H,L,N'),
  metric('MVI', 'Modified Vulnerable System Integrity', 'X,H,L,N'),
  metric('MVA', 'Modified Vulnerable System Availability', 'X,H,L,N'),
  metric('MSC', 'Modified Subsequent System Confidentiality', 'X,H,L,N'),
  // Safety (S) exists only for the modified subsequent-system integrity and availability metrics.
  metric('MSI', 'Modified Subsequent System Integrity', 'X,S,H,L,N'),
  metric('MSA', 'Modified Subsequent System Availability', 'X,S,H,L,N'),
  metric('S', 'Safety', 'X,N,P'),
  metric('AU', 'Automatable', 'X,N,Y'),
  metric('R', 'Recovery', 'X,A,U,I'),
  metric('V', 'Value Density', 'X,D,C'),
  metric('RE', 'Vulnerability Response Effort', 'X,L,M,H'),
  metric('U', 'Provider Urgency', 'X,Clear,Green,Amber,Red'),
]

export const cvssMetrics: Readonly<Record<CvssVersion, readonly CvssMetricDefinition[]>> = {
  '3.0': cvss3Metrics,
  '3.1': cvss3Metrics,
  '4.0': cvss4Metrics,
}

export const cvssVersions: readonly CvssVersion[] = ['3.0', '3.1', '4.0']
