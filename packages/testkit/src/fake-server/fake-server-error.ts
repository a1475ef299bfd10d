/**
 * Thrown by the fake provider server and its script builders when a test uses
 * them wrongly (an impossible status, chunks that do not add up to the text,
 * a fixture that does not exist, no request recorded yet...). The message says
 * what to change.
 */
export class FakeServerError extends Error {
  override readonly name = 'FakeServerError';
}
