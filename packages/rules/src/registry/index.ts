// @wangan/rules/registry — pure rules of the organisation and asset registry: credit codes, contacts, asset
// identifiers and the asset matcher. No I/O; every validator returns a reason instead of throwing.
export {
  formatReason,
  type RegistryReason,
  type RegistryReasonCode,
  type Validation,
} from './registry-reason'
export {
  CREDIT_CODE_CHARSET,
  CREDIT_CODE_WEIGHTS,
  makeCreditCode,
  makeOrganisationCode,
  validateCreditCode,
  type CreditCodeParts,
  type CreditCodeValidation,
} from './credit-code'
export {
  validateEmail,
  validateFixedLine,
  validateMobile,
  validateOrganisationName,
  validatePersonName,
  type FixedLineOptions,
  type NameLimits,
} from './contact'
export { isPublicSuffix, normaliseDomainName, type HostKind } from './host-name'
export { normaliseIpAddress, normaliseNetwork } from './ip-normalise'
export { DEFAULT_PORTS, parseTarget, type ParsedTarget } from './target'
export {
  ASSET_TYPES,
  MIN_IPV4_PREFIX,
  MIN_IPV6_PREFIX,
  normaliseAssetIdentifier,
  type AssetType,
  type NetworkIdentity,
  type NormalisedAssetIdentifier,
} from './asset-identifier'
export {
  buildAssetMatcher,
  findAssetConflicts,
  type AssetClaim,
  type AssetConflict,
  type AssetMatch,
  type AssetMatchKind,
  type AssetMatcher,
  type Endpoint,
  type RegistryAsset,
  type RejectedAsset,
} from './asset-matcher'
