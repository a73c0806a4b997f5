// An update that comes back without the workflow's verdict ("wasn't processed by worker"): asked
// again while the case runs, 409 once it has closed, 503 when it never answers — never a 500.
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { statusOf, UNANSWERED_RETRIES, untilAnswered } from '../../api/cases/unanswered';
import { ApiError } from '../../api/errors';

// As the server gives them (service/history/workflow/update/errors_failures.go): ApplicationFailures of its own types.
const lost = () =>
  new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'UnprocessedUpdate', message: "Workflow Update is rejected because it wasn't processed by worker.", nonRetryable: true }));
const completedUnder = () =>
  new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'AcceptedUpdateCompletedWorkflow', message: 'Workflow Update failed because the Workflow completed before the Update completed.', nonRetryable: true }));
const refused = () => new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'ILLEGAL_TRANSITION', message: 'cannot reply', nonRetryable: true }));

/** A send that fails with each error given, then answers. */
function sends(...failures: Error[]) {
  let n = 0;
  const send = async () => {
    const f = failures[n++];
    if (f) throw f;
    return 'state';
  };
  return { send, calls: () => n };
}

describe('an update without the workflow\'s verdict', () => {
  it('when it comes back unanswered while the case runs, then it is sent again (same update ID) and the answer is the workflow\'s', async () => {
    const s = sends(lost(), lost());
    expect(await untilAnswered(s.send, async () => 'RUNNING')).toBe('state');
    expect(s.calls()).toBe(3);
  });

  it('when the case closed under it, then it has ended (the service answers 409 with the stage)', async () => {
    const s = sends(completedUnder());
    expect(await untilAnswered(s.send, async () => 'COMPLETED')).toBe('ended');
    expect(s.calls()).toBe(1);
  });

  it('when it never gets an answer, then 503 TEMPORAL_UNAVAILABLE after the retries, not a 500', async () => {
    const s = sends(...Array.from({ length: 10 }, lost));
    const err = await untilAnswered(s.send, async () => 'RUNNING').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 503, code: 'TEMPORAL_UNAVAILABLE' });
    expect(s.calls()).toBe(UNANSWERED_RETRIES + 1);
  });

  it('when the workflow refuses it, then the refusal passes through untouched and is not sent again', async () => {
    const failure = refused();
    const s = sends(failure);
    await expect(untilAnswered(s.send, async () => 'RUNNING')).rejects.toBe(failure);
    expect(s.calls()).toBe(1);
  });

  it('when the workflow is gone from Temporal, then its status reads NOT_FOUND', async () => {
    expect(await statusOf(async () => Promise.reject(new WorkflowNotFoundError('gone', 'wf', undefined)))).toBe('NOT_FOUND');
    expect(await statusOf(async () => ({ status: { name: 'RUNNING' } }))).toBe('RUNNING');
  });
});
