// A grpc-js load-balancing policy that sends each call to the ready address with the fewest calls
// in flight (ties: the next in turn). Stage calls vary 10-100x in cost (a task's first scoring
// call enumerates and composes, its later ones score a small batt), so round-robin let one
// replica sit idle while the other worked through a queue of heavy calls: the cluster benchmark
// measured the machine 12% idle at two replicas (docs/benchmarks.md). Counting calls in flight
// joins the shorter queue, which needs no report from the servers.
import { connectivityState as State, experimental, type ChannelOptions } from '@grpc/grpc-js';

export const LEAST_OUTSTANDING = 'batt_least_outstanding';

type Endpoint = experimental.Endpoint;
type Picker = experimental.Picker;

class Config implements experimental.TypedLoadBalancingConfig {
  getLoadBalancerName(): string {
    return LEAST_OUTSTANDING;
  }
  toJsonObject(): object {
    return { [LEAST_OUTSTANDING]: {} };
  }
  static createFromJson(): Config {
    return new Config();
  }
}

/** Calls in flight per address, kept across pickers (a picker is replaced on every state change). */
type InFlight = Map<string, number>;

/** Of `counts`, the index with the smallest value, the first at or after `from` on ties. */
export function leastLoaded(counts: number[], from: number): number {
  let best = -1;
  for (let k = 0; k < counts.length; k++) {
    const i = (from + k) % counts.length;
    if (best < 0 || counts[i]! < counts[best]!) best = i;
  }
  return best;
}

class LeastOutstandingPicker implements Picker {
  private turn = 0;
  constructor(
    private readonly ready: { key: string; picker: Picker }[],
    private readonly inFlight: InFlight,
  ) {}

  pick(args: experimental.PickArgs): experimental.PickResult {
    const i = leastLoaded(
      this.ready.map((r) => this.inFlight.get(r.key) ?? 0),
      this.turn++ % this.ready.length,
    );
    const { key, picker } = this.ready[i]!;
    const result = picker.pick(args);
    if (result.pickResultType !== experimental.PickResultType.COMPLETE) return result;
    const { onCallStarted, onCallEnded } = result;
    return {
      ...result,
      onCallStarted: () => {
        this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
        onCallStarted?.();
      },
      onCallEnded: (code, details, metadata) => {
        this.inFlight.set(key, Math.max(0, (this.inFlight.get(key) ?? 0) - 1));
        onCallEnded?.(code, details, metadata);
      },
    };
  }
}

class LeastOutstandingBalancer implements experimental.LoadBalancer {
  private children: experimental.LeafLoadBalancer[] = [];
  private readonly inFlight: InFlight = new Map();
  private readonly childHelper: experimental.ChannelControlHelper;
  private state = State.IDLE;
  private paused = false;
  private lastError: string | null = null;

  constructor(private readonly helper: experimental.ChannelControlHelper) {
    this.childHelper = experimental.createChildChannelControlHelper(helper, {
      updateState: (childState, _picker, error) => {
        // Lost a connection that was ready: ask the resolver again (pods come and go).
        if (this.state === State.READY && childState !== State.READY) this.helper.requestReresolution();
        if (error) this.lastError = error;
        this.publish();
      },
    });
  }

  private publish(): void {
    if (this.paused) return;
    const inState = (s: State) => this.children.filter((c) => c.getConnectivityState() === s);
    const ready = inState(State.READY);
    if (ready.length > 0) {
      const keys = new Set(ready.map((c) => experimental.endpointToString(c.getEndpoint())));
      for (const k of this.inFlight.keys()) if (!keys.has(k)) this.inFlight.delete(k);
      const entries = ready.map((c) => ({ key: experimental.endpointToString(c.getEndpoint()), picker: c.getPicker() }));
      this.update(State.READY, new LeastOutstandingPicker(entries, this.inFlight), null);
    } else if (inState(State.CONNECTING).length > 0) {
      this.update(State.CONNECTING, new experimental.QueuePicker(this), null);
    } else if (inState(State.TRANSIENT_FAILURE).length > 0) {
      const details = `${LEAST_OUTSTANDING}: no connection established. Last error: ${this.lastError}`;
      this.update(State.TRANSIENT_FAILURE, new experimental.UnavailablePicker({ details }), details);
    } else {
      this.update(State.IDLE, new experimental.QueuePicker(this), null);
    }
    // Keep every address connected, so a call never waits for a connection to one.
    for (const c of this.children) if (c.getConnectivityState() === State.IDLE) c.exitIdle();
  }

  private update(state: State, picker: Picker, error: string | null): void {
    this.state = state;
    this.helper.updateState(state, picker, error);
  }

  updateAddressList(endpoints: experimental.StatusOr<Endpoint[]>, config: experimental.TypedLoadBalancingConfig, options: ChannelOptions, note: string): boolean {
    if (!(config instanceof Config)) return false;
    if (!endpoints.ok) {
      if (this.children.length === 0) this.update(State.TRANSIENT_FAILURE, new experimental.UnavailablePicker(endpoints.error), endpoints.error.details);
      return true;
    }
    for (const c of this.children) c.destroy();
    if (endpoints.value.length === 0) {
      const details = `No addresses resolved. Resolution note: ${note}`;
      this.update(State.TRANSIENT_FAILURE, new experimental.UnavailablePicker({ details }), details);
    }
    this.paused = true;
    this.children = endpoints.value.map((e) => new experimental.LeafLoadBalancer(e, this.childHelper, options, note));
    for (const c of this.children) c.startConnecting();
    this.paused = false;
    this.publish();
    return true;
  }

  exitIdle(): void {
    // IDLE only with no addresses: nothing to connect to.
  }
  resetBackoff(): void {}
  destroy(): void {
    for (const c of this.children) c.destroy();
    this.children = [];
  }
  getTypeName(): string {
    return LEAST_OUTSTANDING;
  }
}

let registered = false;
/** Registers the policy with grpc-js (once per process); channel.ts names it in clientOptions. */
export function registerLeastOutstanding(): void {
  if (registered) return;
  experimental.registerLoadBalancerType(LEAST_OUTSTANDING, LeastOutstandingBalancer, Config);
  registered = true;
}
