import type { Config } from '../config/schema.ts';
import type { Finding } from '../report/finding.ts';
import type { Pins } from '../vendor/pins.ts';
import type { EntryResult } from './process-entry.ts';

/** A file of the finished staging tree as the gates see it; HTML pages carry their ids. */
export interface OutputFile {
  ids?: ReadonlySet<string>;
  /** Alias pages: the output path they redirect to (fragments are checked there). */
  redirect?: string;
  /** The draft entry this page renders, when drafts are built. */
  draft?: boolean;
}

/** What every gate may read: the finished staging tree and how it was made. */
export interface BuildContext {
  root: string;
  config: Config;
  drafts: boolean;
  /** The staging directory, complete when the gates run. */
  stagingDir: string;
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

/** One gate over the finished staging tree; the build runs them all and reports together. */
export interface Gate {
  name: string;
  run(ctx: BuildContext): Promise<Finding[]>;
}
