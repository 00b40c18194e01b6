// What the tasklist's pages hand each other within one visit: a message to show once (a task
// completed → the list says so) and the list's address with its filters, to come back to it.
let pending: string | undefined;
let listAddress = '/tareas';

export function leaveFlash(message: string): void {
  pending = message;
}

/** Read during render (twice under StrictMode), so reading does not consume it: clearFlash does. */
export function peekFlash(): string | undefined {
  return pending;
}

export function clearFlash(): void {
  pending = undefined;
}

/** The list as last seen, '/tareas?vista=grupos&…', so "back" and "after completing" keep its filters. */
export function rememberListAddress(search: string): void {
  listAddress = `/tareas${search}`;
}

export function lastListAddress(): string {
  return listAddress;
}
