// What one lifecycle costs the Temporal server: its history events by kind (each workflow task and
// each activity is a round trip through the server and a few persistence writes).
import type { Client } from '@temporalio/client';

export interface HistoryShape {
  events: number;
  workflowTasks: number;
  activities: number;
  updates: number;
  timers: number;
  markers: number;
}

export async function historyShape(client: Client, workflowId: string): Promise<HistoryShape | undefined> {
  try {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const n = (attr: string) => events.filter((e) => (e as Record<string, unknown>)[attr] != null).length;
    return {
      events: events.length,
      workflowTasks: n('workflowTaskCompletedEventAttributes'),
      activities: n('activityTaskScheduledEventAttributes'),
      updates: n('workflowExecutionUpdateAcceptedEventAttributes'),
      timers: n('timerStartedEventAttributes'),
      markers: n('markerRecordedEventAttributes'),
    };
  } catch {
    return undefined;
  }
}
