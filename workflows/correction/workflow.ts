// The correction workflow: the case engine running the correction process.
import type { CaseStart, CaseState } from '../case/contract';
import { runCase } from '../case/engine';
import type { CorrectionInput } from './contract';
import { correctionProcess } from './process';

export async function correction(start: CaseStart<CorrectionInput>): Promise<CaseState> {
  return runCase(correctionProcess, start);
}
