// The workflow bundle of the tests that register the test-only process: every workflow the service
// runs, and this one.
import type { CaseStart, CaseState } from '../../../workflows/case/contract';
import { runCase } from '../../../workflows/case/engine';
import type { InspectionInput } from './contract';
import { inspectionProcess } from './process';

export * from '../../../workflows/index';

export async function testInspection(start: CaseStart<InspectionInput>): Promise<CaseState> {
  return runCase(inspectionProcess, start);
}
