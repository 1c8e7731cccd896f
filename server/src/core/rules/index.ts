/** Every rule of the catalogue (RULES.md), in catalogue order. */
import type { Rule } from '../rule';
import disclosureBeforeVerification from './disclosure-before-verification';
import thirdPartyDisclosure from './third-party-disclosure';
import thirdPartyCollection from './third-party-collection';
import thirdPartyCoercion from './third-party-coercion';
import heirLiabilityLimit from './heir-liability-limit';
import unmaskedIdentifier from './unmasked-identifier';
import missingSelfIdentification from './missing-self-identification';
import identityNotConfirmed from './identity-not-confirmed';
import missingCommitment from './missing-commitment';
import callingHours from './calling-hours';
import restHours from './rest-hours';
import earlyThirdPartyContact from './early-third-party-contact';
import visitSingleAgent from './visit-single-agent';
import abusiveLanguage from './abusive-language';
import threatOfViolence from './threat-of-violence';
import unlawfulCoercion from './unlawful-coercion';
import impersonation from './impersonation';
import criminalThreat from './criminal-threat';
import exposureThreat from './exposure-threat';
import cashOrPersonalAccount from './cash-or-personal-account';
import unauthorizedFee from './unauthorized-fee';
import induceNewBorrowing from './induce-new-borrowing';
import harassment from './harassment';
import misleadingClaim from './misleading-claim';
import prematureLegalThreat from './premature-legal-threat';
import condescendingTone from './condescending-tone';
import doubtingTheCustomer from './doubting-the-customer';
import begging from './begging';
import absoluteLanguage from './absolute-language';
import preferHonorific from './prefer-honorific';
import apologyWording from './apology-wording';
import missingCourtesy from './missing-courtesy';
import syntaxError from './syntax-error';
import unknownHeader from './unknown-header';
import invalidStage from './invalid-stage';
import invalidAudience from './invalid-audience';
import missingStage from './missing-stage';
import missingAudience from './missing-audience';
import invalidHeaderValue from './invalid-header-value';
import duplicateTitle from './duplicate-title';
import undefinedJump from './undefined-jump';
import unknownCommand from './unknown-command';
import unknownSpeaker from './unknown-speaker';
import unknownPlaceholder from './unknown-placeholder';
import emptyNode from './empty-node';
import unusedDisable from './unused-disable';
import disableWithoutReason from './disable-without-reason';

export const RULES: Rule[] = [
  disclosureBeforeVerification,
  thirdPartyDisclosure,
  thirdPartyCollection,
  thirdPartyCoercion,
  heirLiabilityLimit,
  unmaskedIdentifier,
  missingSelfIdentification,
  identityNotConfirmed,
  missingCommitment,
  callingHours,
  restHours,
  earlyThirdPartyContact,
  visitSingleAgent,
  abusiveLanguage,
  threatOfViolence,
  unlawfulCoercion,
  impersonation,
  criminalThreat,
  exposureThreat,
  cashOrPersonalAccount,
  unauthorizedFee,
  induceNewBorrowing,
  harassment,
  misleadingClaim,
  prematureLegalThreat,
  condescendingTone,
  doubtingTheCustomer,
  begging,
  absoluteLanguage,
  preferHonorific,
  apologyWording,
  missingCourtesy,
  syntaxError,
  unknownHeader,
  invalidStage,
  invalidAudience,
  missingStage,
  missingAudience,
  invalidHeaderValue,
  duplicateTitle,
  undefinedJump,
  unknownCommand,
  unknownSpeaker,
  unknownPlaceholder,
  emptyNode,
  unusedDisable,
  disableWithoutReason,
];

export const RULE_IDS = new Set(RULES.map((r) => r.meta.id));
const BY_ID = new Map(RULES.map((r) => [r.meta.id, r]));
export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
