// The share-request workflow: the case engine running the share-request process. Cases started
// before the engine (no 'case-engine' marker in their history) finish on the frozen legacy code.
import { patched } from '@temporalio/workflow';
import type { CaseStart, CaseState } from '../case/contract';
import { runCase } from '../case/engine';
import type { ShareRequestInput } from './contract';
import { legacyShareRequest } from './legacy/workflow';
import { shareRequestProcess } from './process';

export const CASE_ENGINE_PATCH = 'case-engine';

export async function shareRequest(start: CaseStart<ShareRequestInput>): Promise<CaseState> {
  if (!patched(CASE_ENGINE_PATCH)) return (await legacyShareRequest(start as unknown as ShareRequestInput)) as unknown as CaseState;
  return runCase(shareRequestProcess, start);
}
