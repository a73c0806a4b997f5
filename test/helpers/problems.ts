// The whole error body of an answer: RFC 9457 problem details with our code (api/problem.ts).
import { expect } from 'vitest';
import { PROBLEM_TITLES, problemType } from '../../api/problem';
import type { ErrorCode } from '../../workflows/shared';

/** What an error answer with this status, code and detail carries, exactly. */
export const problemBody = (status: number, code: ErrorCode, detail: unknown = expect.any(String)) => ({
  type: problemType(code),
  title: PROBLEM_TITLES[code],
  status,
  detail,
  code,
});
