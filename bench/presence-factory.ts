import { nissFor } from './niss.js';

/** One presence as `POST /api/v1/presences` takes it. */
export interface PresenceItem {
  readonly workplaceId: string;
  readonly registrationDate: string;
  readonly worker: { readonly niss: string };
  readonly employer: string;
  readonly clientReference: string;
}

/** Where a factory's presences go: which workplaces and days, for which employer. */
export interface PresencePlan {
  readonly workplaceIds: readonly string[];
  readonly days: readonly string[];
  readonly employer: string;
  /** Prefix of every clientReference, so that two runs on one database never collide. */
  readonly referencePrefix: string;
  /** The first worker's number (`nissFor`), so that two factories of one run never make the same worker. */
  readonly firstWorker?: number;
}

/**
 * Makes presences that are all new: each one a worker (NISS) and a clientReference never used before by this
 * factory, so that no registration is a duplicate of another.
 */
export class PresenceFactory {
  private made = 0;
  private batches = 0;

  constructor(private readonly plan: PresencePlan) {
    if (plan.workplaceIds.length === 0 || plan.days.length === 0) {
      throw new Error('A presence plan needs at least one workplace and one day.');
    }
  }

  /** How many presences this factory has made so far. */
  get count(): number {
    return this.made;
  }

  /** One new presence; successive ones go round the workplaces, then the days. */
  one(): PresenceItem {
    const n = this.made;
    const workplaces = this.plan.workplaceIds.length;
    return this.item(n % workplaces, Math.floor(n / workplaces));
  }

  /** `size` new presences at one workplace on one day, as a site would send them. */
  batch(size: number): PresenceItem[] {
    const b = this.batches;
    this.batches += 1;
    const workplaces = this.plan.workplaceIds.length;
    const items: PresenceItem[] = [];
    for (let i = 0; i < size; i += 1) items.push(this.item(b % workplaces, Math.floor(b / workplaces)));
    return items;
  }

  private item(workplace: number, day: number): PresenceItem {
    const n = this.made;
    this.made += 1;
    const { workplaceIds, days } = this.plan;
    return {
      workplaceId: workplaceIds[workplace % workplaceIds.length]!,
      registrationDate: days[day % days.length]!,
      worker: { niss: nissFor((this.plan.firstWorker ?? 0) + n) },
      employer: this.plan.employer,
      clientReference: `${this.plan.referencePrefix}-${n}`,
    };
  }
}

/**
 * Request bodies made before a load phase, so that the load generator spends no time making them: the single
 * registrations are then driven as cheaply as the bare endpoint's constant body. Falls back to making them on
 * the fly should the phase outrun the estimate.
 */
export class PreparedBodies {
  private readonly bodies: string[];
  private next = 0;

  constructor(
    private readonly make: () => string,
    count: number,
  ) {
    this.bodies = Array.from({ length: count }, make);
  }

  /** How many bodies were made ahead. */
  get prepared(): number {
    return this.bodies.length;
  }

  /** How many were handed out. */
  get taken(): number {
    return this.next;
  }

  /** The next body. */
  take(): string {
    const body = this.bodies[this.next] ?? this.make();
    this.next += 1;
    return body;
  }
}
