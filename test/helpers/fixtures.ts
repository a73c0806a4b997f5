// Demo parties and a complete submission (Art. 20) shared by the API tests and the replay recorder.
import { aYearFrom } from '../../api/validation';
import { shanghaiDate } from '../../rules/calendar';

export const BEIJING = {
  requester: '110000-market-regulation',
  provider: '110000-public-security',
  authority: '110000-data-sharing-authority',
  conditionalEntry: '110000-public-security-residence-permits',
};

/** The sharing office head's approval (Art. 20) for a department. */
export const approval = (departmentId: string, approvedAt = '2026-11-23T10:00:00+08:00') => ({
  approverId: `${departmentId}-head`,
  approvedAt,
});

export const submission = (over: Record<string, unknown> = {}) => ({
  catalogueEntryId: BEIJING.conditionalEntry,
  legalBasis: '《政务数据共享条例》第二十条',
  usageScenario: '居住证办理核验',
  usageScope: '本部门政务服务',
  sharingMethod: 'service_api',
  // A year from the day it is sent: the API refuses periods far from the day of the request.
  usagePeriod: aYearFrom(shanghaiDate(new Date())),
  ...over,
});
