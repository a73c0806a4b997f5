// Typed custom search attributes, defined once for every process, so supervisors filter any case in
// Temporal UI ("all overdue conditional requests in Harbin" is one visibility query). Within the
// SQL-visibility limits per namespace: 10 Keyword, 3 each of KeywordList, Datetime, Bool and Int.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const GdsProcess = defineSearchAttributeKey('GdsProcess', SearchAttributeType.KEYWORD);
export const GdsStage = defineSearchAttributeKey('GdsStage', SearchAttributeType.KEYWORD);
/** The department in the role a process marks `GdsRequester` (e.g. the requester of a share request or a correction). */
export const GdsRequester = defineSearchAttributeKey('GdsRequester', SearchAttributeType.KEYWORD);
/** The department in the role a process marks `GdsProvider` (the providing or cataloguing department). */
export const GdsProvider = defineSearchAttributeKey('GdsProvider', SearchAttributeType.KEYWORD);
/** The jurisdiction whose rules govern the case. */
export const GdsJurisdiction = defineSearchAttributeKey('GdsJurisdiction', SearchAttributeType.KEYWORD);
export const GdsRuleSet = defineSearchAttributeKey('GdsRuleSet', SearchAttributeType.KEYWORD);
/** Who owes the running deadline (and would be in breach). */
export const GdsDutyBearer = defineSearchAttributeKey('GdsDutyBearer', SearchAttributeType.KEYWORD);
/** Whose move it is (a department, or `government:<code>`); empty when nobody's. */
export const GdsAwaiting = defineSearchAttributeKey('GdsAwaiting', SearchAttributeType.KEYWORD);
export const GdsCatalogueEntry = defineSearchAttributeKey('GdsCatalogueEntry', SearchAttributeType.KEYWORD);
export const GdsDueAt = defineSearchAttributeKey('GdsDueAt', SearchAttributeType.DATETIME);
export const GdsOverdue = defineSearchAttributeKey('GdsOverdue', SearchAttributeType.BOOL);
/** The running deadline is provisional (its year's holiday notice is not loaded). */
export const GdsProvisional = defineSearchAttributeKey('GdsProvisional', SearchAttributeType.BOOL);
/** Open violations on the case (the supervision ledger's count). */
export const GdsOpenViolations = defineSearchAttributeKey('GdsOpenViolations', SearchAttributeType.INT);
/** A dispute's rung: 1 negotiation, 2 coordination by the authority, 3 decision by the government (Art. 28). */
export const GdsRung = defineSearchAttributeKey('GdsRung', SearchAttributeType.INT);
/** The cases this one names and those that name it (a correction and the share request it corrects): one query finds a case's family. */
export const GdsLinks = defineSearchAttributeKey('GdsLinks', SearchAttributeType.KEYWORD_LIST);

export const SEARCH_ATTRIBUTE_KEYS = [
  GdsProcess,
  GdsStage,
  GdsRequester,
  GdsProvider,
  GdsJurisdiction,
  GdsRuleSet,
  GdsDutyBearer,
  GdsAwaiting,
  GdsCatalogueEntry,
  GdsDueAt,
  GdsOverdue,
  GdsProvisional,
  GdsOpenViolations,
  GdsRung,
  GdsLinks,
] as const;

const CLI_TYPE = { KEYWORD: 'Keyword', KEYWORD_LIST: 'KeywordList', DATETIME: 'Datetime', BOOL: 'Bool', INT: 'Int' } as const;
type CliType = (typeof CLI_TYPE)[keyof typeof CLI_TYPE];

/** The same attributes in the Temporal CLI's spelling (`--search-attribute Name=Type`). */
export const SEARCH_ATTRIBUTES: Record<string, CliType> = Object.fromEntries(
  SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, CLI_TYPE[k.type as keyof typeof CLI_TYPE]]),
);
