import type { Records } from '../cache/build-cache.ts';
import type { Config } from '../config/schema.ts';
import type { Finding } from '../report/finding.ts';
import type { Pins } from '../pins/pins.ts';
import type { EntryResult } from './process-entry.ts';

/** A file of the output as the gates see it; HTML pages carry their ids. */
export interface OutputFile {
  sha256: string;
  size: number;
  ids?: ReadonlySet<string>;
  /** Alias pages: the output path they redirect to (fragments are checked there). */
  redirect?: string;
  /** The draft entry this page renders, when drafts are built. */
  draft?: boolean;
}

/** What every gate may read: the planned output tree, before anything of it is written. */
export interface BuildContext {
  root: string;
  config: Config;
  drafts: boolean;
  /**
   * An output file (`outputs` key): a page rendered by this build as the text it holds in memory
   * (no encoding to scan it decoded again), any other file as its bytes, from memory or from the
   * unchanged output.
   */
  read(rel: string): string | Uint8Array;
  /** Results of earlier builds; a gate may keep what depends only on a file's hash. */
  cache: Records;
  entries: EntryResult[];
  /** Output-relative path (`entries/foo/index.html`) → what the gates know about it. */
  outputs: Map<string, OutputFile>;
  /** Output-relative path → root-relative source file (`content/entries/foo.md`), for placing findings. */
  sources: Map<string, string>;
  /** Site URL of every draft entry that was left out, → its source. */
  excludedDrafts: Map<string, string>;
  pins: Pins | undefined;
  pinsText: string | undefined;
}

/** One gate over the planned output; the build runs them all and reports together. */
export interface Gate {
  name: string;
  run(ctx: BuildContext): Promise<Finding[]>;
}
