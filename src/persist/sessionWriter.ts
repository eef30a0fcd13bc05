/**
 * The only way the page writes a saved session: one writer per session, made with the session's id. Every record
 * it is given carries the id of the session whose state it was built from, and a record of another session is
 * refused (WrongSessionError) instead of written: a table or session being switched in can never land under the
 * id of the one being switched out. A closed writer writes nothing more.
 */
import type { Checkpoint } from '../core/train/checkpoint';
import type { LabelEntry } from '../core/session';
import * as idb from './db';
import type { SavedFile, SavedResults, SessionMeta } from './types';
import { LatestWriter } from './writer';

/** A write was asked for a record of another session than the writer's: a bug, never written. */
export class WrongSessionError extends Error {
  constructor(writer: string, record: string | null) {
    super(`A record of session ${record ?? '(none)'} was given to the writer of session ${writer}; it was not written.`);
    this.name = 'WrongSessionError';
  }
}

/** What a writer tells its owner: a write failed (it stops writing), or its busy state changed. */
export interface WriterEvents {
  failed(e: unknown): void;
  changed(): void;
  /** A checkpoint is safely stored (the page may then drop its score history). */
  checkpointStored?(c: Checkpoint): void;
  /** The meta record is stored (lists of sessions may read it again). */
  metaStored?(): void;
}

/** The database calls a writer makes (tests pass their own). */
export type SessionStore = Pick<
  typeof idb,
  'createSession' | 'putMeta' | 'putLabels' | 'deleteLabel' | 'putResults' | 'putCheckpoint' | 'clearRunData'
>;

export class SessionWriter {
  private open = true;
  private failedOnce = false;
  private inFlight = 0;
  private readonly meta: LatestWriter<SessionMeta>;
  private readonly results: LatestWriter<SavedResults>;
  private readonly checkpoint: LatestWriter<Checkpoint>;

  constructor(
    readonly id: string,
    private readonly events: WriterEvents,
    private readonly store: SessionStore = idb,
  ) {
    this.meta = new LatestWriter(async (m) => {
      if (await this.run(() => this.store.putMeta(m))) this.events.metaStored?.();
    }, 150);
    this.results = new LatestWriter((r) => this.run(() => this.store.putResults(r)), 2000);
    this.checkpoint = new LatestWriter(async (c) => {
      if (await this.run(() => this.store.putCheckpoint({ id: this.id, checkpoint: c, savedAt: Date.now() })))
        this.events.checkpointStored?.(c);
    });
  }

  /** Writing goes on: the writer is open and no write has failed. */
  get writing(): boolean {
    return this.open && !this.failedOnce;
  }

  /** A write is under way or waiting. */
  get busy(): boolean {
    return this.inFlight > 0 || this.meta.waiting || this.checkpoint.waiting;
  }

  private own(record: string | null): void {
    if (record !== this.id) throw new WrongSessionError(this.id, record);
  }

  /** Runs one write while writing is on; a failure stops writing and is reported once. Never throws. */
  private async run(write: () => Promise<void>): Promise<boolean> {
    if (!this.writing) return false;
    this.inFlight++;
    this.events.changed();
    try {
      await write();
      return true;
    } catch (e) {
      if (this.writing) {
        this.failedOnce = true;
        this.cancel();
        this.events.failed(e);
      }
      return false;
    } finally {
      this.inFlight--;
      this.events.changed();
    }
  }

  /** The session's first records: its meta and the table's bytes. */
  create(meta: SessionMeta, file: SavedFile): Promise<boolean> {
    this.own(meta.id);
    this.own(file.id);
    return this.run(() => this.store.createSession(meta, file));
  }

  /** Settings and run state: debounced, only the latest is written. */
  pushMeta(meta: SessionMeta): void {
    this.own(meta.id);
    if (this.writing) this.meta.push(meta);
  }

  /** Scores and charts: throttled, or at once. */
  pushResults(r: SavedResults, now = false): void {
    this.own(r.id);
    if (!this.writing) return;
    if (now) this.results.pushNow(r);
    else this.results.push(r);
  }

  pushCheckpoint(session: string | null, c: Checkpoint): void {
    this.own(session);
    if (this.writing) this.checkpoint.push(c);
  }

  /** Labels are awaited: in the database before the next candidate shows. */
  putLabels(session: string | null, entries: LabelEntry[]): Promise<boolean> {
    this.own(session);
    return entries.length ? this.run(() => this.store.putLabels(this.id, entries)) : Promise.resolve(true);
  }

  deleteLabel(session: string | null, row: number): Promise<boolean> {
    this.own(session);
    return this.run(() => this.store.deleteLabel(this.id, row));
  }

  /** A new run in the same session: its labels, scores and checkpoint go. */
  clearRun(session: string | null): Promise<boolean> {
    this.own(session);
    return this.run(() => this.store.clearRunData(this.id));
  }

  /** Rewrites records outside the queues (after storage was freed): writing is on again. */
  async rewrite(meta: SessionMeta, file: SavedFile | null, writes: (store: SessionStore) => Promise<void>): Promise<boolean> {
    this.own(meta.id);
    this.failedOnce = false;
    this.open = true;
    return this.run(async () => {
      if (file) await this.store.createSession(meta, file);
      else await this.store.putMeta(meta);
      await writes(this.store);
    });
  }

  /** Writes what is waiting now. */
  async flush(): Promise<void> {
    await Promise.all([this.meta.flush(), this.results.flush(), this.checkpoint.flush()]);
  }

  /** Drops what waits (the session is no longer this page's to write, or writing failed). */
  cancel(): void {
    this.meta.cancel();
    this.results.cancel();
    this.checkpoint.cancel();
  }

  /** Stops writing without flushing (another tab took the session, or the analyst chose to go on unsaved). */
  stop(): void {
    this.open = false;
    this.cancel();
  }

  /** Writes what waits, with the state it was given, then writes nothing more. */
  async close(): Promise<void> {
    await this.flush();
    this.open = false;
  }
}
