import type { ContractRoute } from '@quickbi-embed/core';
import type { z } from 'zod';
import { fail } from '../httpErrors.js';
import { describeIssue } from '../requestSchemas.js';
import type { HandlerContext } from '../setup/handlerContext.js';

/** What an action gets besides its parsed body: the request (the app's session) and the context. */
export interface ActionCall {
  request: Request;
  shell: HandlerContext;
}

/**
 * One contract route: the schema its body must match (a mismatch is 400 BAD_REQUEST before `run`)
 * and what it does. `run` returns the 200 answer or throws; the shell puts every status.
 */
export interface Action<Input = unknown> {
  schema: z.ZodType<Input>;
  /**
   * A quick check of the route's usual body, without the schema: its input when the body is
   * surely valid, undefined to let the schema decide (and name any problem). It must never
   * accept a body the schema refuses.
   */
  accept?: (body: unknown) => Input | undefined;
  run(input: Input, call: ActionCall): Promise<unknown>;
}

/** Keeps `run`'s input typed by its schema. */
export const defineAction = <Input>(action: Action<Input>): Action<Input> => action;

/**
 * Every contract route's action: a route without one does not compile. Declared with `any` input
 * because each entry has its own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionTable = Record<ContractRoute, Action<any>>;

/** The action's input from a request body: its quick check, else its schema. */
export function inputOf<T>(action: Action<T>, body: unknown): T {
  return action.accept?.(body) ?? parseInput(action.schema, body);
}

/** A body (or prefetch's options) checked against its schema: 400 BAD_REQUEST naming the first problem. */
export function parseInput<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) fail('BAD_REQUEST', describeIssue(result.error));
  return result.data;
}
