/**
 * Concurrent callers with the same key share one in-flight promise (per process). Across
 * processes the handler adds a store lock on top.
 */
export function createSingleFlight() {
  const inFlight = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const existing = inFlight.get(key);
    if (existing) return existing as Promise<T>;
    const promise = work().finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  };
}

/** One caller waiting for uses of a shared ticket. */
export interface Demand<T = unknown> {
  /** How many page loads it asked for. */
  readonly wanted: number;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Serves the head of the queue from one ticket: resolves (and removes) every waiter it can, and
 * returns when the ticket has nothing left for the next one. It may mint.
 */
export type ServeRound<T> = (queue: Demand<T>[]) => Promise<void>;

export type DemandFlight = <T>(key: string, wanted: number, serve: ServeRound<T>) => Promise<T>;

/**
 * Demand-aware single flight: per key, the first caller becomes the leader and serves a queue that
 * every concurrent caller joins with the uses it wants. The leader knows how many wait, so it
 * hands one ticket's uses to as many of them as it covers and mints the next ticket only for the
 * rest: N concurrent loads on a budget of B mint ⌈N/B⌉ tickets, never one per lost race.
 */
export function createDemandFlight(): DemandFlight {
  const queues = new Map<string, Demand[]>();
  return function join<T>(key: string, wanted: number, serve: ServeRound<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const demand: Demand<T> = { wanted, resolve, reject };
      const queue = queues.get(key);
      if (queue) {
        queue.push(demand as Demand);
        return;
      }
      const own: Demand<T>[] = [demand];
      queues.set(key, own as Demand[]);
      void lead(key, own, serve);
    });
  };

  async function lead<T>(key: string, queue: Demand<T>[], serve: ServeRound<T>): Promise<void> {
    while (queue.length > 0) {
      try {
        await serve(queue);
      } catch (error) {
        // Everyone queued was waiting on this round (its mint failed): they share its error, as
        // plain single-flight callers share a rejected promise. Later callers start afresh.
        for (const demand of queue.splice(0)) demand.reject(error);
      }
    }
    // Checked and removed in the same tick as the loop's last check: no caller can join a queue
    // whose leader has left.
    queues.delete(key);
  }
}
