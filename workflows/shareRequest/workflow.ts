// The share-request workflow: the case engine running the share-request process.
import type { CaseStart, CaseState } from '../case/contract';
import { runCase } from '../case/engine';
import type { ShareRequestInput } from './contract';
import { shareRequestProcess } from './process';

export async function shareRequest(start: CaseStart<ShareRequestInput>): Promise<CaseState> {
  return runCase(shareRequestProcess, start);
}
