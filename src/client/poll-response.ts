import { ResponseParseError } from '../errors/index.js';
import type { Sender } from '../model/index.js';
import type { ApiResponse } from '../core/http/request.js';
import type { PollScheduler } from '../core/polling/poll-scheduler.js';
import { EMPTY_QUEUE_DELAY_MS, NEXT_PERMITTED_POLL_TIME_HEADER, type Flow } from '../protocol/facts.js';

/** The queue poll URL: the default queue has no parameter; a named queue's name is URL-encoded. */
export function pollUrl(apiRoot: string, flow: Flow, sender: Sender): string {
  const base = `${apiRoot}/${sender.organizationNumber}/${flow}/signature-jobs`;
  return sender.pollingQueue ? `${base}?polling_queue=${encodeURIComponent(sender.pollingQueue.name)}` : base;
}

/** The next permitted poll time on the server's clock (epoch ms). */
export function nextPermittedServerTime(response: ApiResponse, scheduler: PollScheduler): number {
  const header = response.headers.get(NEXT_PERMITTED_POLL_TIME_HEADER);
  if (header !== null) {
    const time = Date.parse(header.trim());
    if (Number.isNaN(time)) throw new ResponseParseError(`${NEXT_PERMITTED_POLL_TIME_HEADER} is not a date-time: "${header.slice(0, 60)}"`);
    // A 200's permitted time is the server's "now" to the millisecond: a far better clock sample than Date's
    // whole seconds, which would otherwise make the next poll wait up to a second for nothing.
    if (response.status === 200) scheduler.serverClock.observeInstant(time, response.serverDate, scheduler.serverClock.localNow());
    return time;
  }
  const now = response.serverDate?.getTime() ?? scheduler.serverClock.serverNow();
  return response.status === 204 ? now + EMPTY_QUEUE_DELAY_MS : now;
}
