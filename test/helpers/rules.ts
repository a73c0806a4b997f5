// The RulesError code a call throws, for the rules/ tests ('no error' or 'not a RulesError' otherwise).
import { RulesError } from '../../rules/jurisdictions';

export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof RulesError ? e.code : 'not a RulesError';
  }
  return 'no error';
}
