// Messages between cases: a step's messages are posted once its event is recorded and delivered in
// order by a courier that runs beside the steps, never inside one — two cases messaging each other
// cannot deadlock, and a slow receiver holds up no command. What is posted and not yet delivered is
// in the workflow's own history (replay rebuilds it) and is carried across continue-as-new.
import { condition, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { CaseMessage, MessageRefusal } from './contract';

// An ordinary activity (the receiver may be busy): unbounded retries, so an outage delays a message
// and never loses it; the receiver applies a message once whatever the retries (its id is the update's).
const { sendCaseMessage } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

export class Courier {
  private readonly queue: CaseMessage[];

  constructor(carried: readonly CaseMessage[] = []) {
    this.queue = [...carried];
  }

  post(messages: readonly CaseMessage[]): void {
    this.queue.push(...messages);
  }

  /** Nothing waits to be delivered (nor is being delivered). */
  get idle(): boolean {
    return this.queue.length === 0;
  }

  snapshot(): CaseMessage[] {
    return [...this.queue];
  }

  /** Delivers for the life of the run; a message not taken is handed to `notTaken` (which records it). */
  async run(notTaken: (m: CaseMessage, answer: MessageRefusal) => Promise<unknown>): Promise<never> {
    for (;;) {
      await condition(() => this.queue.length > 0);
      const m = this.queue[0]!;
      const answer = await sendCaseMessage(m);
      if (!answer.delivered) {
        await notTaken(m, answer).catch((err: unknown) => log.error('refusal not recorded', { messageId: m.id, error: String(err) }));
      }
      this.queue.shift();
    }
  }
}
