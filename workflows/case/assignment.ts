// Reassigning a case's work inside a department: the department's sharing office head (or acting
// head) names who handles it. An engine command, so every process has it and the chain records it.
import type { AssignmentCommand } from './contract';
import { assignmentUpdate } from './contract';
import { ErrorCodes } from './errors';
import { nonEmpty, reject } from './failures';
import type { CommandSpec } from './process';

export const assignment: CommandSpec<unknown, string, AssignmentCommand> = {
  update: assignmentUpdate,
  validate(s, cmd) {
    if (!s.parties.some((p) => p.departmentId === cmd.actor?.departmentId)) reject(ErrorCodes.WRONG_PARTY, 'only a department taking part in the case assigns its work');
    if (cmd.actor.role !== 'sharing_office_head') reject(ErrorCodes.WRONG_PARTY, "only the department's sharing office head assigns its work");
    if (!nonEmpty(cmd.assigneeUserId)) reject(ErrorCodes.VALIDATION_FAILED, 'the assignment names who takes the work');
  },
  apply(draft, cmd) {
    const departmentId = cmd.actor.departmentId;
    const previous = draft.state.assignments?.[departmentId];
    draft.state.assignments = { ...draft.state.assignments, [departmentId]: cmd.assigneeUserId };
    return { type: 'work_assigned', data: { departmentId, assignee: cmd.assigneeUserId, ...(previous ? { previous } : {}), ...(cmd.note ? { note: cmd.note } : {}) } };
  },
};
