import type { Config } from '../config/schema.ts';
import { publishContext, type PublishContext } from '../publish/publish-context.ts';

/**
 * The book's deploy target: the site's deploy repository, keys and committer, with the book's own
 * target name and branch (`docs.publish`), so its known-good tags are `release/<docs target>/…`
 * and a rollback of one never moves the other.
 */
export function bookPublishContext(root: string, config: Config, env: NodeJS.ProcessEnv): PublishContext {
  const { target, branch } = config.docs.publish;
  return publishContext(root, { ...config, publish: { ...config.publish, target, branch } }, env);
}
