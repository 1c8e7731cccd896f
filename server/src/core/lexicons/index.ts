/** Built-in lexicons: data files, bundled. Names are rule ids or shared set names (docs/LEXICONS.md). */
import type { ClassTable, LexiconData } from '../lexicon';
import classes from './classes.json';
import set_negation from './sets/negation.json';
import set_debtWords from './sets/debt-words.json';
import set_identityAsk from './sets/identity-ask.json';
import set_selfIdentification from './sets/self-identification.json';
import set_commitment from './sets/commitment.json';
import set_courtesy from './sets/courtesy.json';
import set_estateLimit from './sets/estate-limit.json';
import set_payRequest from './sets/pay-request.json';
import set_orgUnit from './sets/org-unit.json';
import set_namedPerson from './sets/named-person.json';
import set_generalNotice from './sets/general-notice.json';
import set_ownCreditSafe from './sets/own-credit-safe.json';
import set_discreetMeeting from './sets/discreet-meeting.json';
import set_debtObject from './sets/debt-object.json';
import set_listenerOwnLoss from './sets/listener-own-loss.json';
import set_roleAsk from './sets/role-ask.json';
import disclosureBeforeVerification from './disclosure-before-verification.json';
import thirdPartyDisclosure from './third-party-disclosure.json';
import thirdPartyCollection from './third-party-collection.json';
import thirdPartyCoercion from './third-party-coercion.json';
import preferHonorific from './prefer-honorific.json';
import apologyWording from './apology-wording.json';
import abusiveLanguage from './abusive-language.json';
import threatOfViolence from './threat-of-violence.json';
import unlawfulCoercion from './unlawful-coercion.json';
import impersonation from './impersonation.json';
import criminalThreat from './criminal-threat.json';
import exposureThreat from './exposure-threat.json';
import cashOrPersonalAccount from './cash-or-personal-account.json';
import unauthorizedFee from './unauthorized-fee.json';
import induceNewBorrowing from './induce-new-borrowing.json';
import harassment from './harassment.json';
import misleadingClaim from './misleading-claim.json';
import prematureLegalThreat from './premature-legal-threat.json';
import condescendingTone from './condescending-tone.json';
import doubtingTheCustomer from './doubting-the-customer.json';
import begging from './begging.json';
import absoluteLanguage from './absolute-language.json';

export const BUILTIN_LEXICONS: Record<string, LexiconData> = {
  'negation': set_negation as LexiconData,
  'debt-words': set_debtWords as LexiconData,
  'identity-ask': set_identityAsk as LexiconData,
  'self-identification': set_selfIdentification as LexiconData,
  'commitment': set_commitment as LexiconData,
  'courtesy': set_courtesy as LexiconData,
  'estate-limit': set_estateLimit as LexiconData,
  'pay-request': set_payRequest as LexiconData,
  'org-unit': set_orgUnit as LexiconData,
  'named-person': set_namedPerson as LexiconData,
  'general-notice': set_generalNotice as LexiconData,
  'own-credit-safe': set_ownCreditSafe as LexiconData,
  'discreet-meeting': set_discreetMeeting as LexiconData,
  'debt-object': set_debtObject as LexiconData,
  'listener-own-loss': set_listenerOwnLoss as LexiconData,
  'role-ask': set_roleAsk as LexiconData,
  'disclosure-before-verification': disclosureBeforeVerification as LexiconData,
  'third-party-disclosure': thirdPartyDisclosure as LexiconData,
  'third-party-collection': thirdPartyCollection as LexiconData,
  'third-party-coercion': thirdPartyCoercion as LexiconData,
  'prefer-honorific': preferHonorific as LexiconData,
  'apology-wording': apologyWording as LexiconData,
  'abusive-language': abusiveLanguage as LexiconData,
  'threat-of-violence': threatOfViolence as LexiconData,
  'unlawful-coercion': unlawfulCoercion as LexiconData,
  'impersonation': impersonation as LexiconData,
  'criminal-threat': criminalThreat as LexiconData,
  'exposure-threat': exposureThreat as LexiconData,
  'cash-or-personal-account': cashOrPersonalAccount as LexiconData,
  'unauthorized-fee': unauthorizedFee as LexiconData,
  'induce-new-borrowing': induceNewBorrowing as LexiconData,
  'harassment': harassment as LexiconData,
  'misleading-claim': misleadingClaim as LexiconData,
  'premature-legal-threat': prematureLegalThreat as LexiconData,
  'condescending-tone': condescendingTone as LexiconData,
  'doubting-the-customer': doubtingTheCustomer as LexiconData,
  'begging': begging as LexiconData,
  'absolute-language': absoluteLanguage as LexiconData,
};

/** Named word classes (`[name]` in any pattern), defined once: lexicons/classes.json. */
export const BUILTIN_CLASSES: ClassTable = classes as ClassTable;
