/**
 * Why an input was refused (or what was fixed in it), in both languages the platform speaks.
 * Import screens show `zh`; logs and API details carry `code` so that clients can react without parsing text.
 */
export interface RegistryReason {
  readonly code: RegistryReasonCode
  readonly zh: string
  readonly en: string
}

export type RegistryReasonCode =
  | 'not_text'
  | 'empty'
  | 'too_long'
  | 'too_short'
  | 'length'
  | 'illegal_character'
  | 'check_character'
  | 'division_code'
  | 'organisation_code_check'
  | 'unknown_authority'
  | 'unknown_category'
  | 'mobile_prefix'
  | 'country_code'
  | 'area_code'
  | 'local_number'
  | 'extension'
  | 'email_format'
  | 'email_local_part'
  | 'email_domain'
  | 'name_characters'
  | 'host'
  | 'domain_label'
  | 'domain_tld'
  | 'public_suffix'
  | 'wildcard'
  | 'ipv4'
  | 'ipv6'
  | 'ipv6_zone'
  | 'cidr_prefix'
  | 'cidr_host_bits'
  | 'cidr_not_target'
  | 'port'
  | 'scheme'
  | 'userinfo'
  | 'whitespace'
  | 'wrong_asset_type'
  | 'unknown_asset_type'
  | 'reduced_to_host'
  | 'mapped_ipv4'
  | 'single_address_network'

export function reason(code: RegistryReasonCode, zh: string, en: string): RegistryReason {
  return { code, zh, en }
}

/** One line for both audiences, e.g. in a CLI error or an import report cell. */
export function formatReason(r: RegistryReason): string {
  return `${r.zh} (${r.en})`
}

/** The result shape every validator in this module returns: never throws on bad input. */
export type Validation<T> = ({ ok: true } & T) | { ok: false; reason: RegistryReason }

export function refuse(
  code: RegistryReasonCode,
  zh: string,
  en: string,
): { ok: false; reason: RegistryReason } {
  return { ok: false, reason: reason(code, zh, en) }
}
