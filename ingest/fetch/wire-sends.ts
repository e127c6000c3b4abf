// When requests really leave: node's http client announces each request it starts on a diagnostics
// channel, and the request's 'finish' is when it has been handed to the OS. Used to pace on real send
// times, and by tests and benchmarks to see what this process put on the wire.
import type http from 'node:http';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

const REQUEST_START = 'http.client.request.start';

/**
 * Calls `onSent` with `performance.now()` each time a request accepted by `matches` has been handed to
 * the OS. Returns the function that stops watching.
 */
export function watchRequestSends(
  matches: (request: http.ClientRequest) => boolean,
  onSent: (atMs: number) => void,
): () => void {
  const onStart = (message: unknown) => {
    const { request } = message as { request: http.ClientRequest };
    if (matches(request)) request.once('finish', () => onSent(performance.now()));
  };
  subscribe(REQUEST_START, onStart);
  return () => unsubscribe(REQUEST_START, onStart);
}
