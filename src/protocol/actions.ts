// What the page's reducers see of the worker: its events, and each call's start and end
// (with the reply), so every panel can fold the lab's state from one stream of actions
// and the phase can be derived from the calls still pending.

import type { CallArgs, CallName, CallResult } from './calls';
import type { LabEvent } from './events';
import type { LabError } from './wire';

export interface EventAction {
  readonly type: 'event';
  readonly event: LabEvent;
}

export type CallStarted = { [K in CallName]: { readonly type: 'callStarted'; readonly id: number; readonly name: K; readonly args: CallArgs<K> } }[CallName];

export type CallEnded = {
  [K in CallName]:
    | { readonly type: 'callEnded'; readonly id: number; readonly name: K; readonly args: CallArgs<K>; readonly ok: true; readonly value: CallResult<K> }
    | { readonly type: 'callEnded'; readonly id: number; readonly name: K; readonly args: CallArgs<K>; readonly ok: false; readonly error: LabError };
}[CallName];

export type LabAction = EventAction | CallStarted | CallEnded;

/** The reply of a call that ended well, typed by its name (undefined otherwise). */
export function replyOf<K extends CallName>(action: LabAction, name: K): CallResult<K> | undefined {
  if (action.type !== 'callEnded' || action.name !== name || !action.ok) return undefined;
  return action.value as CallResult<K>;
}

/** The arguments of a call that started, typed by its name (undefined otherwise). */
export function startedArgs<K extends CallName>(action: LabAction, name: K): CallArgs<K> | undefined {
  if (action.type !== 'callStarted' || action.name !== name) return undefined;
  return action.args as CallArgs<K>;
}

/** The event carried by an action, if it is one. */
export function eventOf(action: LabAction): LabEvent | null {
  return action.type === 'event' ? action.event : null;
}
