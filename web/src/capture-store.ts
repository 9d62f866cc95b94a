import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ErrorCode } from '../../src/domain/errors.js';
import type { MobileCapture } from '../../src/web/mobile-config.js';

/** A capture kept on the phone, and what became of it. */
export interface StoredCapture extends MobileCapture {
  /** Whose capture it is: a phone shared by two people keeps each one's apart. */
  readonly userId: string;
  readonly state: 'UNSENT' | 'SENT' | 'REFUSED';
  readonly receiptNumber?: string;
  readonly duplicate?: boolean;
  readonly errors?: readonly { readonly code: ErrorCode; readonly message: string }[];
}

interface CaptureSchema extends DBSchema {
  captures: {
    key: string;
    value: StoredCapture;
    indexes: { byUser: string };
  };
}

/** The phone's journal of captures (IndexedDB): written before the person is told "kept", read to send. */
export class CaptureStore {
  private constructor(private readonly db: IDBPDatabase<CaptureSchema>) {}

  static async open(): Promise<CaptureStore> {
    const db = await openDB<CaptureSchema>('sitepresence', 1, {
      upgrade(database) {
        const store = database.createObjectStore('captures', { keyPath: 'clientReference' });
        store.createIndex('byUser', 'userId');
      },
    });
    return new CaptureStore(db);
  }

  /** Keeps a capture; resolves once the browser has written it. */
  async add(capture: StoredCapture): Promise<void> {
    await this.db.put('captures', capture);
  }

  /** A user's captures, the latest first. */
  async list(userId: string): Promise<StoredCapture[]> {
    const all = await this.db.getAllFromIndex('captures', 'byUser', userId);
    return all.sort((a, b) => b.capturedAt.localeCompare(a.capturedAt));
  }

  /**
   * Forgets the captures already settled (sent or refused) captured before `before`, every user's: they hold
   * workers' numbers, and the registry has them. Unsent ones are kept whatever their age: nothing is lost.
   */
  async forgetSettled(before: string): Promise<number> {
    const tx = this.db.transaction('captures', 'readwrite');
    let forgotten = 0;
    for (let cursor = await tx.store.openCursor(); cursor !== null; cursor = await cursor.continue()) {
      const capture = cursor.value;
      if (capture.state !== 'UNSENT' && capture.capturedAt < before) {
        await cursor.delete();
        forgotten += 1;
      }
    }
    await tx.done;
    return forgotten;
  }

  /** Records what the registry said of sent captures, in one transaction. */
  async settle(updates: readonly StoredCapture[]): Promise<void> {
    const tx = this.db.transaction('captures', 'readwrite');
    await Promise.all([...updates.map((u) => tx.store.put(u)), tx.done]);
  }
}
