import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

// OpenSSH's ssh and ssh-keygen look the running uid up and die with `No user exists for uid N` when
// nothing answers: containerd injects no passwd line, and the uid is the manifest's choice (OpenShift
// picks one at random). git-sync's `--add-user` appends to /etc/passwd, which a read-only root
// filesystem refuses; nss_wrapper (Debian's libnss-wrapper, OpenShift's way) answers the lookup from
// files we write to /tmp, for our child processes only, with the image left as built.

export interface UserEntryOptions {
  uid: number;
  gid: number;
  /** The entry's home: ssh takes `~/.ssh` from it, not from HOME. */
  home: string;
  /** A writable directory for the wrapper's files (the pod's /tmp emptyDir). */
  tmp: string;
  /** The system's files the wrapper's copies extend. */
  passwdFile?: string;
  groupFile?: string;
}

/** The environment that gives our children a passwd entry for `uid`, or undefined when it has one. */
export async function userEntryEnv(options: UserEntryOptions): Promise<Record<string, string> | undefined> {
  const passwd = await readFile(options.passwdFile ?? '/etc/passwd', 'utf8');
  if (hasId(passwd, 2, options.uid)) return undefined;
  const group = await readFile(options.groupFile ?? '/etc/group', 'utf8');
  const dir = await mkdtemp(path.join(options.tmp, 'galley-nss-'));
  const files = { NSS_WRAPPER_PASSWD: path.join(dir, 'passwd'), NSS_WRAPPER_GROUP: path.join(dir, 'group') };
  await writeFile(files.NSS_WRAPPER_PASSWD, `${withNewline(passwd)}galley:x:${options.uid}:${options.gid}:galley sync:${options.home}:/usr/sbin/nologin\n`);
  await writeFile(files.NSS_WRAPPER_GROUP, hasId(group, 2, options.gid) ? group : `${withNewline(group)}galley:x:${options.gid}:\n`);
  return { LD_PRELOAD: 'libnss_wrapper.so', ...files };
}

/** Whether a passwd or group file has a line whose numeric id (field `index`) is `id`. */
function hasId(text: string, index: number, id: number): boolean {
  return text.split('\n').some((line) => line.split(':')[index] === String(id));
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
