import { describe, expect, it } from 'vitest';
import { ServerClock } from '../../../../src/core/polling/server-clock.js';

describe('ServerClock', () => {
  it('trusts the local clock until a Date header says otherwise, then keeps the best bound', () => {
    let local = 1_000_000;
    const clock = new ServerClock(() => local);
    expect(clock.skewLowerBound).toBe(0);
    clock.observe(new Date(local + 3_000), local); // server 3 s ahead
    clock.observe(new Date(local + 1_000), local + 10); // a pessimistic sample does not lower the bound
    expect(clock.skewLowerBound).toBe(3_000);
    local += 100;
    expect(clock.serverNow()).toBe(local + 3_000);
    expect(clock.toLocal(local + 5_000)).toBe(local + 2_000);
  });

  it('forgets samples older than its window, so a corrected clock is followed', () => {
    let local = 0;
    const clock = new ServerClock(() => local, 60_000);
    clock.observe(new Date(5_000), 0); // 5 s ahead, at t=0
    for (local = 1_000; local <= 59_000; local += 1_000) clock.observe(new Date(local + 1_000), local);
    expect(clock.skewLowerBound).toBe(5_000);
    local = 61_000;
    clock.observe(new Date(local + 1_000), local); // the t=0 sample is now outside the window
    expect(clock.skewLowerBound).toBe(1_000);
  });

  it('keeps the best bound of the samples it keeps when pruning by count', () => {
    let local = 0;
    const clock = new ServerClock(() => local);
    clock.observe(new Date(9_000), 0); // a high bound that will be pruned away by count
    for (local = 1; local < 200; local++) clock.observe(new Date(local + 2_000 + (local === 150 ? 500 : 0)), local);
    // 200 samples in a 10-minute window: the first were dropped in halves; the best kept one is the +2.5 s at 150.
    expect(clock.skewLowerBound).toBe(2_500);
  });
});
