// What a client reads of a stored output (CONTRACT §3a): the Result with its first page, and the
// pages after it, each cursor bound to the command and to the principal it was given to.
import {
  PortholeError,
  type CommandEnvelope,
  type ExecResult,
  type OutputPage,
  type Result,
} from '@porthole/protocol';
import type { ClientPrincipal } from '../auth/credentials.js';
import type { Services } from '../context.js';
import { readPage } from './paging.js';

/** `budget` null: the whole output, and no cursor. */
export function firstPage(
  services: Services,
  reader: ClientPrincipal,
  result: Result,
  budget: number | null,
): ExecResult {
  const page = readPage(result.output, 0, budget);
  return {
    ...result,
    output: page.text,
    nextCursor: page.next === null ? null : services.cursors.issue(result.id, reader.id, page.next),
  };
}

/** The page at `cursor` (the start without one); `budget` null: the rest of the output. */
export function nextPage(
  services: Services,
  reader: ClientPrincipal,
  command: CommandEnvelope,
  result: Result,
  cursor: string | undefined,
  budget: number | null,
): OutputPage {
  const start = cursor === undefined ? 0 : cursorOffset(services, reader, command, cursor);
  const page = readPage(result.output, start, budget);
  return {
    output: page.text,
    nextCursor:
      page.next === null ? null : services.cursors.issue(command.id, reader.id, page.next),
  };
}

function cursorOffset(
  services: Services,
  reader: ClientPrincipal,
  command: CommandEnvelope,
  cursor: string,
): number {
  const offset = services.cursors.open(cursor, command.id, reader.id);
  if (offset !== null) return offset;
  // A genuine cursor of the owner's, presented by someone else who may read the command (an
  // admin): not theirs, and answered as reading another's result is.
  if (
    command.owner !== undefined &&
    command.owner !== reader.id &&
    services.cursors.open(cursor, command.id, command.owner) !== null
  )
    throw new PortholeError('command_not_found', 'no such command');
  throw new PortholeError(
    'invalid_request',
    'cursor: not a cursor of this command; pass the nextCursor an answer gave, unchanged',
  );
}
