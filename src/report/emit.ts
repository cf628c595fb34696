import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { Node, Point, Position } from 'unist';
import type { Severity } from './finding.ts';

export interface EmitOptions {
  /** Where in the file: a point, a position, or a node (its position is used). */
  place?: Point | Position | Node | undefined;
  ruleId: string;
  /** The stage that found it: `frontmatter`, `sections`, `links`, `vendor`, `leak`, ... */
  source: string;
  hint?: string;
  severity?: Severity;
  url?: string;
}

/**
 * Report on a vfile the unified way (`file.message`), with our hint kept in `note` and
 * severity mapped onto vfile's `fatal` (true = error, false = warning, undefined = info).
 */
export function emit(file: VFile, reason: string, options: EmitOptions): VFileMessage {
  const place = options.place && 'type' in options.place ? options.place.position : options.place;
  const message = file.message(reason, { place, ruleId: options.ruleId, source: options.source });
  const severity = options.severity ?? 'error';
  message.fatal = severity === 'error' ? true : severity === 'warning' ? false : undefined;
  if (options.hint) message.note = options.hint;
  if (options.url) message.url = options.url;
  return message;
}
